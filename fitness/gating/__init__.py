"""What a team has accepted: the baseline (known findings) and inline suppressions."""
