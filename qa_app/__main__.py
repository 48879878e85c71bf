"""`python -m qa_app` runs the govqa command line."""

from qa_app.cli import main

if __name__ == "__main__":
    main()
