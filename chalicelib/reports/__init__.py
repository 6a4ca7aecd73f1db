"""Reports for the district office: figures gathered from the pre-aggregated counters,
rendered as CSV and bilingual HTML with charts, stored privately and e-mailed."""
