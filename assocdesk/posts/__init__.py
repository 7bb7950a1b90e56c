"""Social posts: ready-to-post text (and an image card's content) for every platform.

The pieces, each in its own module:

- :mod:`platforms` (limits and habits, read from assocdesk/resources/posts/platforms.json),
  :mod:`counting` (each platform's own way of counting), :mod:`platform_rules` (links,
  "link in bio", forbidden characters, emoji at line starts) and :mod:`x_thread` (a numbered
  thread for X);
- :mod:`templates` (natural text per occasion, style, language and kind of record),
  :mod:`wording` (counts that agree with their nouns, the French article, «و» before Latin) and
  :mod:`hashtags`;
- :mod:`eligibility` (which records fit an occasion today) and :mod:`occasions` (the facts of an
  activity, a campaign or a year);
- :mod:`privacy` and :mod:`name_matching` (nobody protected is named, however it was typed);
- :mod:`fitting` (shortening by rules) and :mod:`compose`, which puts them together, in one
  language or two, and passes everything that leaves through the privacy guard.

Nothing here imports Qt: the image card is drawn by the UI from :class:`card.CardContent`.
"""
