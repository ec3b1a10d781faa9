"""Tooling for the tests and benchmarks (not shipped with BackCoach): a synthetic video catalogue and a
PostgreSQL schema per test or benchmark run."""
