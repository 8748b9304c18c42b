#!/bin/sh
# Lay the model repository out for NVIDIA Triton: <model>/1/model.onnx -> the manifest's FP32 file.
# Usage: models/triton/link_models.sh ; then tritonserver --model-repository=models/triton
set -eu
here=$(cd "$(dirname "$0")" && pwd)
for config in "$here"/*/config.pbtxt; do
    model=$(basename "$(dirname "$config")")
    mkdir -p "$here/$model/1"
    ln -sf "../../../$model/${model}_fp32.onnx" "$here/$model/1/model.onnx"
    echo "linked $here/$model/1/model.onnx"
done
