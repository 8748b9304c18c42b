"""NoduleNet's 3-D convolutions redrawn as 2-D convolutions over slabs, so INT8 runs fast on a CPU.

ONNX Runtime's CPU provider has fast integer kernels for 2-D convolution (MLAS, with VNNI where
the processor has it) but a slow one for 3-D: the shipped network quantized as it is runs at
0.3x of FP32 on the appliance's CPU (``bench/int8_formats.py``). A 3x3x3 convolution is exactly
a 2-D 3x3 convolution whose input channels are the three neighbouring slices' channels stacked
together, with the weight's depth axis moved into its channels. :class:`SlabNoduleNet` is the
trained, BatchNorm-fused :class:`~models.lung_nodule.network.NoduleNet` in that form, with the
same weights: the same input and output (NCDHW), the same probabilities to float rounding, no
retraining. Inside, a volume is carried as its slices, ``(batch * depth, channels, y, x)``, so
the only 3-D work left is stacking neighbours (Pad, Slice, Concat) and repeating slices for the
decoder's upsampling, both cheap and both exact in INT8.

Only the export uses it (``export.py`` quantizes this graph into ``lung_nodule_int8.onnx``);
the run time never imports torch.
"""

from __future__ import annotations

from typing import cast

import torch
from torch import nn
from torch.nn import functional as F

from models.lung_nodule.network import ConvBlock, NoduleNet, UpBlock

__all__ = ["SlabNoduleNet"]


class SlabConv(nn.Module):
    """A ``Conv3d`` (depth kernel 1 or 3, depth padding kernel // 2) as a ``Conv2d`` on slabs."""

    def __init__(self, conv: nn.Conv3d) -> None:
        super().__init__()
        cout, cin, depth, height, width = conv.weight.shape
        if depth not in (1, 3) or conv.padding[0] != depth // 2:
            raise ValueError(f"no slab form for a depth kernel of {depth}, padding {conv.padding}")
        if depth == 1 and conv.stride[0] != 1:
            raise ValueError("no slab form for a 1x1x1 convolution with a depth stride")
        self.depth = depth
        self.depth_stride = int(conv.stride[0])
        self.conv = nn.Conv2d(
            cin * depth,
            cout,
            (height, width),
            stride=conv.stride[1:],
            padding=conv.padding[1:],
            bias=conv.bias is not None,
        )
        with torch.no_grad():
            # channel (a * cin + i) of the stacked input is channel i of slice z + a - 1
            self.conv.weight.copy_(
                conv.weight.permute(0, 2, 1, 3, 4).reshape(self.conv.weight.shape)
            )
            if conv.bias is not None and self.conv.bias is not None:
                self.conv.bias.copy_(conv.bias)

    def forward(self, slices: torch.Tensor, batch: int) -> torch.Tensor:
        if self.depth == 1:
            return self.conv(slices)
        _, channels, height, width = slices.shape
        volume = slices.reshape(batch, -1, channels, height, width)
        depth = volume.shape[1]
        padded = F.pad(volume, (0, 0, 0, 0, 0, 0, 1, 1))
        step = self.depth_stride
        stacked = torch.cat([padded[:, a : a + depth : step] for a in range(3)], dim=2)
        return self.conv(stacked.reshape(-1, 3 * channels, height, width))


class SlabBlock(nn.Module):
    """:class:`~models.lung_nodule.network.ConvBlock` (fused): slab convolution and ReLU."""

    def __init__(self, block: ConvBlock) -> None:
        super().__init__()
        conv = block[0]
        if not isinstance(block[1], nn.Identity):
            raise ValueError("fold the BatchNorm first (network.fuse_batchnorm)")
        self.conv = SlabConv(conv)

    def forward(self, slices: torch.Tensor, batch: int) -> torch.Tensor:
        return F.relu(self.conv(slices, batch))


class SlabUp(nn.Module):
    """:class:`~models.lung_nodule.network.UpBlock` on slabs: project, upsample, add, convolve."""

    def __init__(self, up: UpBlock) -> None:
        super().__init__()
        self.project = SlabConv(up.project)
        self.conv = SlabBlock(up.conv)

    def forward(self, slices: torch.Tensor, skip: torch.Tensor, batch: int) -> torch.Tensor:
        x = F.interpolate(self.project(slices, batch), scale_factor=2.0, mode="nearest")
        _, channels, height, width = x.shape
        x = x.reshape(batch, -1, 1, channels, height, width)
        x = torch.cat([x, x], dim=2).reshape(-1, channels, height, width)  # each slice twice
        return self.conv(x + skip, batch)


class SlabNoduleNet(nn.Module):
    """A fused :class:`~models.lung_nodule.network.NoduleNet` computed slab by slab."""

    def __init__(self, net: NoduleNet) -> None:
        super().__init__()
        self.enc0, self.enc1, self.enc2, self.bottom = (
            nn.ModuleList(SlabBlock(cast(ConvBlock, b)) for b in level)
            for level in (net.enc0, net.enc1, net.enc2, net.bottom)
        )
        self.up2, self.up1, self.up0 = SlabUp(net.up2), SlabUp(net.up1), SlabUp(net.up0)
        self.head = SlabConv(net.head)

    @staticmethod
    def _level(blocks: nn.ModuleList, slices: torch.Tensor, batch: int) -> torch.Tensor:
        for block in blocks:
            slices = block(slices, batch)
        return slices

    def forward(self, ct: torch.Tensor) -> torch.Tensor:
        """Probability map of ``ct`` (batch, 1, z, y, x); spatial sizes multiples of 8."""
        batch, _, depth, height, width = ct.shape
        slices = ct.reshape(-1, 1, height, width)  # one channel: slices are already in order
        s0 = self._level(self.enc0, slices, batch)
        s1 = self._level(self.enc1, s0, batch)
        s2 = self._level(self.enc2, s1, batch)
        bottom = self._level(self.bottom, s2, batch)
        x = self.up0(self.up1(self.up2(bottom, s2, batch), s1, batch), s0, batch)
        return torch.sigmoid(self.head(x, batch).reshape(batch, 1, depth, height, width))
