"""NRWbot's demo service portal: static pages that embed the chat widget (`python -m portal`)."""
