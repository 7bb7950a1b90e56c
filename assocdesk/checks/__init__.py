"""`assocdesk-cli check`: is the database sound, and does it still tell one consistent story?

Above the services, not in storage: besides SQLite's own integrity check, the checks compare the
data with what only the app writes (the models' words, the receipt books and their hash chain),
so they must know the models and the rules.
"""
