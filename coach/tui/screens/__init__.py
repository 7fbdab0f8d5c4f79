"""One module per screen: home, conversation, scorecard, checker, rules reference,
help, and the small modal dialogs."""
