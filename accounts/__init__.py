"""Signing in safely: login throttling (django-axes) with audited lockouts, passwords, session limits, proxies."""
