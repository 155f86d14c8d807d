"""Verbeteracties: what coördinatoren change in a phase, whether it helped, and residents' ideas.

actions.py writes an action (checked, versioned, without a resident's personal
data); listing.py finds the actions a viewer may see; effect.py compares the
action's figure before and after its start in SQL, over the same outcome rows
as the dashboard; ideas.py lists the residents' remarks that may become an idea.
"""
