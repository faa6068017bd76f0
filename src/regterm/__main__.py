from regterm.entry import main

main()
