"""Local news stories written from facts, in the house style of a good UK local reporter."""
