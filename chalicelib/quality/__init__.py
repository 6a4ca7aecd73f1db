"""What buyers say and what the district does with it: reviews by verified buyers,
complaints and returns fit for handmade goods, and each maker's scorecard."""
