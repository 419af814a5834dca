"""Team mode: users, their sessions and banks, groups and read-only shares, password hashes, the sign-in rate
limit. Everything lives in the team's main bank (the database COACH_DATABASE_URL names), so any number of server
processes agree; nothing here knows about HTTP."""
