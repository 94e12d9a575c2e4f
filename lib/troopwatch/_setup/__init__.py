"""Provisioning and notebook housekeeping run by the Makefile; no analysis imports it."""
