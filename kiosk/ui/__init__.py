"""Drawing the mirror's screens with pygame. A screen is a function of (surface, state).

Nothing here computes form or blocks: it draws what the coach concluded.
"""
