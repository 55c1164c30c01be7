package org.muster.core.flow;

/** The "Result" information element of the response flows (10.xx.2.4 to 2.6, 2.10 to 2.12). */
public enum Result {
  SUCCESS,
  FAILURE
}
