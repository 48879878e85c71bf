"""`python -m qa_app` runs the govqa command line."""

from qa_app.cli import main

main()
