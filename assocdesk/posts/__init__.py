"""Social posts: ready-to-post text (and an image card's content) for every platform.

The pieces, each in its own module: :mod:`platforms` (limits and habits, read from
resources/posts/platforms.json), :mod:`counting` (each platform's own way of counting),
:mod:`hashtags`, :mod:`templates` (natural text per occasion, style and language),
:mod:`occasions` (the facts of an activity, a campaign or a year), :mod:`privacy` (whose name may
appear), :mod:`fitting` (shortening by rules) and :mod:`compose`, which puts them together.
Nothing here imports Qt: the image card is drawn by the UI from :class:`card.CardContent`.
"""
