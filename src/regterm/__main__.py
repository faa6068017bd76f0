from regterm.cli import main

main()
