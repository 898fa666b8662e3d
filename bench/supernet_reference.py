"""Training throughput of the benchmark's smallest and largest subnets as plain PyTorch models.

The models compute the same function as the Java supernet's subnets: pre-norm ViT, separate q, k
and v projections, exact GELU, LayerNorm eps 1e-6 and a class-token head. They share no weights,
so their numbers bound from above what slicing a supernet could reach on the same machine.

Usage: python3 bench/supernet_reference.py [--threads 2] [--steps 40]
"""
import argparse
import math
import time

import torch
from torch import nn


class Attention(nn.Module):
    def __init__(self, embed, qkv, heads):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(embed, qkv)
        self.k = nn.Linear(embed, qkv)
        self.v = nn.Linear(embed, qkv)
        self.proj = nn.Linear(qkv, embed)

    def forward(self, x):
        B, N, _ = x.shape
        q, k, v = (t.reshape(B, N, self.heads, -1).transpose(1, 2) for t in (self.q(x), self.k(x), self.v(x)))
        q = q / math.sqrt(q.shape[-1])
        mixed = (q @ k.transpose(-2, -1)).softmax(-1) @ v
        return self.proj(mixed.transpose(1, 2).reshape(B, N, -1))


class Block(nn.Module):
    def __init__(self, embed, qkv, heads, hidden):
        super().__init__()
        self.norm1 = nn.LayerNorm(embed, eps=1e-6)
        self.attn = Attention(embed, qkv, heads)
        self.norm2 = nn.LayerNorm(embed, eps=1e-6)
        self.mlp = nn.Sequential(nn.Linear(embed, hidden), nn.GELU(), nn.Linear(hidden, embed))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class Vit(nn.Module):
    def __init__(self, image=28, channels=1, patch=4, classes=10, embed=48, depth=2, heads=2, mlp_ratio=2.0, qkv=48):
        super().__init__()
        grid = image // patch
        self.patch_embed = nn.Conv2d(channels, embed, patch, stride=patch)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed))
        self.pos_embed = nn.Parameter(torch.zeros(1, grid * grid + 1, embed))
        self.blocks = nn.Sequential(*[Block(embed, qkv, heads, round(embed * mlp_ratio)) for _ in range(depth)])
        self.norm = nn.LayerNorm(embed, eps=1e-6)
        self.head = nn.Linear(embed, classes)

    def forward(self, images):
        x = self.patch_embed(images).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1) + self.pos_embed
        x = self.blocks(x)
        return self.head(self.norm(x[:, 0]))


def measure(name, model, steps, batch=128, warmup=5):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
    images = torch.randn(batch, 1, 28, 28)
    labels = torch.randint(0, 10, (batch,))
    for step in range(warmup + steps):
        if step == warmup:
            started = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(images), labels)
        loss.backward()
        optimizer.step()
    seconds = time.perf_counter() - started
    params = sum(p.numel() for p in model.parameters())
    print(f"pytorch {torch.__version__}, {name} ({params} parameters): {batch * steps / seconds:.0f} images/s, "
          f"{seconds / steps * 1e3:.1f} ms/step (batch {batch}, {steps} steps after {warmup} warm-up steps)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    measure("smallest subnet", Vit(embed=48, depth=2, heads=2, mlp_ratio=2.0, qkv=48), args.steps)
    measure("largest subnet", Vit(embed=96, depth=4, heads=4, mlp_ratio=4.0, qkv=96), args.steps)


if __name__ == "__main__":
    main()
