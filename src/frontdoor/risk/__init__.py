"""Risk: DASH scoring and the rules that read each person's whole linked history."""
