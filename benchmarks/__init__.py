"""`make bench`: the dashboard's performance beside a blank Streamlit page, with budgets (see README)."""
