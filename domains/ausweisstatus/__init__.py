"""The ausweisstatus expert: status, pick-up and production time of ID cards and passports."""
