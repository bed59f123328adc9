"""The back-office web layer: sessions, access rules, security headers, blueprints."""
