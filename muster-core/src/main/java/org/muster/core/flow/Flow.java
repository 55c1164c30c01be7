package org.muster.core.flow;

/** An information flow of TS 23.280 10.xx.2. */
public interface Flow {}
