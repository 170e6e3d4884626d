"""The public pages' services (issue 11): originals, people, readable text and the views
that show them. Views stay thin; the work is in these modules."""
