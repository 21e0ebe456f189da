"""The synthetic borough: demo, test and benchmark data with ground truth, never real people.

`generator.write_borough` writes agencies.json, messages.jsonl and truth.json; the generator
modules use the standard library only, so a seed gives the same bytes everywhere.
"""
