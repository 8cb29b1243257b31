"""Use cases. The only layer that commits; views call one service per request and handle its errors."""
