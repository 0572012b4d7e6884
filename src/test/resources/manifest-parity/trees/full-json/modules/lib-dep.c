int dep;
