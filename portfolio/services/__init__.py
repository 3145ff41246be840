"""The portfolio's writes, one module per area: intake (proposals, attachments, calls, edit conflicts), the workflow
(transitions, harmonise, merge, messages), scoring, the shelf and the measures' lifecycle (decisions are
governance's). Each service checks the policy, audits in its transaction and queues side effects on commit."""
