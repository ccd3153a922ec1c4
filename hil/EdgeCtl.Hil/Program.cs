return 0; // replaced by the rig entry point
