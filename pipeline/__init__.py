"""gazette: Chinese government gazettes (政府公报) to validated, structured data."""
__version__ = "0.1.0"
