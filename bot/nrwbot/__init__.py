"""NRWbot: the core of a municipal chatbot framework for North Rhine-Westphalia."""

__version__ = "0.1.0"
