"""Step 4 and steering: decisions and the decision brief, the steering dialogue with the ministries, funding,
governance bodies, priorities, budget scenarios, the roadmap and the benefits map."""
