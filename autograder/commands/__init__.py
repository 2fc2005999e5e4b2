"""One module per subcommand of the ``autograder`` command line."""
