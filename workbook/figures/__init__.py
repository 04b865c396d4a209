"""Plotly figure builders: DataFrame in, ``go.Figure`` out, no I/O. One module per task."""
