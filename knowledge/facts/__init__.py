"""The fact catalogue, one file per topic; every file holds [[fact]] entries."""
