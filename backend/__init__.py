"""NRWbot's reference municipal backend: Fundsachen, Hundesteuer and Ausweisanträge over HTTP.

Start it with `python -m backend`; build the app in code with `backend.app.create_app`.
"""

__version__ = "0.1.0"
