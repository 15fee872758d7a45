"""The hundesteuer expert: dog tax questions, registration and de-registration."""
