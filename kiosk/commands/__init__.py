"""The work behind each ``kiosk`` subcommand that is not the running mirror itself."""
