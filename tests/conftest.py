"""Shared test settings: hypothesis runs derandomized, so every run checks the same examples."""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "course",
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("course")
