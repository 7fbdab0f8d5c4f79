"""The Textual app: practise the conversation, see the feedback, read the scorecard.

``coach`` with no arguments opens it (``coach.commands.app``). Layout: ``app.py`` holds
the :class:`~coach.tui.app.CoachApp`, ``screens/`` one module per screen,
``widgets/`` the parts of the screens grouped by what they serve, ``messages.py``
every message, ``engine.py`` the calls into the domain (run in thread workers),
``render.py`` how domain objects look. Importing this package imports no spaCy.
"""
