"""The fast CPU engines: the package's own network exported to ONNX once and run by OpenVINO.

- `cpu.py`      what this CPU computes natively (bf16 or not), its physical cores
- `onnx_export.py` the one-time export of the float32 network
- `cache.py`    compiled models on disk, keyed by weights, runtime, precision and CPU capability
- `engine.py`   `FastEngine`: fp32 (`cpu-fast`) or bf16 (`cpu-bf16`), proven on reference cases
- `audit.py`    how far an approximate engine's masks are from the exact engine's, on the
                user's own images
"""
