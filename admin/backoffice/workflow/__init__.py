"""The record page, the penalty workflow (four eyes), publishing, withdrawal and preview."""
