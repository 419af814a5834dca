"""A markdown template for writing a project dossier from scratch. Every heading is one the dossier finder
recognises, so the file imports back as a dossier named by its title."""

from __future__ import annotations

TEMPLATE = """# {name}

<!-- A project dossier for interview-coach. Keep the headings (their wording is what the coach recognises),
replace the text under them, then: coach import THIS_FILE && coach project "{name}".
The figures below are examples: write your own, with their unit and what they measure. -->

## Elevator Pitch (30 seconds)

"I built {name} to solve <problem> for <users>. It <what it does, in one sentence>, using <two or three key
technologies>. It reached 95% accuracy at 120 ms latency, and <the outcome that mattered to the business>."

## Key Metrics

- **Accuracy**: 95% on the held-out test set
- **Latency**: 120 ms at p95
- **Throughput**: 500 req/sec on one instance
- **Impact**: 30% less manual review time

## Architecture

1. Data: <where it comes from, how it is cleaned>
2. Model: <what you trained or used, and why>
3. Serving: <API, batch job, UI>

## Challenges

- <The hardest problem>: <what you tried, what worked, what you learned>

## Scaling

- <What breaks first at 10x the load, and what you would change>

## Demo Flow

1. <Open the app and show the main screen>
2. <Run one example end to end>
3. <Show the metrics or logs that prove it works>

## Troubleshooting

- <A failure you have seen>: <how you noticed it and fixed it>

## Interview Questions

### Walk me through the architecture of {name}.

<Your answer: the three layers above, one design decision and its trade-off.>

### What was the hardest challenge in {name}?

<Your answer, with the figure that shows the result.>

## STAR Story

**Situation:** <Where you were and what was at stake.>
**Task:** <What you had to achieve.>
**Action:** <What you did, in the first person.>
**Result:** <What changed, with a number.>

## Checklist

- [ ] Run the project end to end on a clean machine
- [ ] Rehearse the 30-second pitch out loud
- [ ] Know every figure in Key Metrics and how it was measured
- [ ] Prepare the demo flow with a fallback recording
"""


def project_template(name: str) -> str:
    return TEMPLATE.format(name=name.strip() or "My Project")
