from coachsmith.cli import main

main()
