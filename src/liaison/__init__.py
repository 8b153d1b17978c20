"""liaison: stakeholder engagement and consensus for ISO liaison organizations."""
