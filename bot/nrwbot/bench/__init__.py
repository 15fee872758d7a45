"""`nrwbot bench`: simulated citizens against NRWbot and a vanilla Rasa bot, side by side.

Modules: `scenarios` (the conversations, from `bench.yml` files), `driver` (locust users over
REST), `servers`, `stack` and `vanilla` (starting and timing the bots), `memory` (peak RSS),
`report` (figures, ratios, targets), `plot` (the PNG), `run` (one whole bench).
"""
