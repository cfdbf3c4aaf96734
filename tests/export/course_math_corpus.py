# ruff: noqa: E501  (formulas are kept as their sources wrote them, one line each)
"""Math that students of deep generative models write, for the corpus test of the PDF export.

Each expression is (source, TeX) and was copied from a public source named in SOURCES: the lecture
notes most courses on VAEs, GANs, flows, diffusion and Transformers link to (Lilian Weng's blog,
Massimiliano Patacchiola's notes on variational inference), read as Markdown from their
repositories at the commits named; 40 a post at most, the 10 longest of each post and 30 more
drawn at random (seed 14). Blank lines inside a formula were removed (Markdown ends a $$ block
there). The last group is the idioms of issue 14 and the KaTeX functions they belong to
(katex.org/docs/supported.html), written in the way the issue quotes them.
"""

from __future__ import annotations

SOURCES: dict[str, str] = {
    "issue-14": "paperdesk issue 14 (the idioms it quotes, as a student types them)",
    "katex-docs": "katex.org/docs/supported.html (the same families of functions)",
    "weng-gan": "github.com/lilianweng/lil-log, _posts/2017-08-20-from-GAN-to-WGAN.md at b628a734a60c (Lilian Weng's blog)",
    "weng-infotheory": "github.com/lilianweng/lil-log, _posts/2017-09-28-anatomize-deep-learning-with-information-theory.md at 3b6202e64eec (Lilian Weng's blog)",
    "weng-attention": "github.com/lilianweng/lil-log, _posts/2018-06-24-attention-attention.md at 0fa5d155bbac (Lilian Weng's blog)",
    "weng-vae": "github.com/lilianweng/lil-log, _posts/2018-08-12-from-autoencoder-to-beta-vae.md at 24024311f2a0 (Lilian Weng's blog)",
    "weng-flow": "github.com/lilianweng/lil-log, _posts/2018-10-13-flow-based-deep-generative-models.md at 34e398509985 (Lilian Weng's blog)",
    "weng-transformer": "github.com/lilianweng/lil-log, _posts/2020-04-07-the-transformer-family.md at 34e398509985 (Lilian Weng's blog)",
    "weng-contrastive": "github.com/lilianweng/lil-log, _posts/2021-05-31-contrastive-representation-learning.md at c64f6fdf2c79 (Lilian Weng's blog)",
    "weng-diffusion": "github.com/lilianweng/lil-log, _posts/2021-07-11-diffusion-models.md at 80c71a658c4c (Lilian Weng's blog)",
    "patacchiola-gmm": "github.com/mpatacchiola/blog, _posts/2020-07-23-gaussian-mixture-models.markdown at 29daedc (Massimiliano Patacchiola's blog)",
    "patacchiola-vi-1": "github.com/mpatacchiola/blog, _posts/2020-12-02-intro-variational-inference.markdown at 29daedc (Massimiliano Patacchiola's blog)",
    "patacchiola-vi-2": "github.com/mpatacchiola/blog, _posts/2020-12-16-intro-variational-inference-2.markdown at 29daedc (Massimiliano Patacchiola's blog)",
    "patacchiola-vi-3": "github.com/mpatacchiola/blog, _posts/2021-01-08-intro-variational-inference-3.markdown at 29daedc (Massimiliano Patacchiola's blog)"
}

CHOSEN: tuple[tuple[str, str], ...] = (
    ('weng-gan', r"p_{z}"),
    ('weng-gan', r"\mathbb{E}_{x \sim p_{r}(x)} [\log D(x)]"),
    ('weng-gan', r"\mathbb{E}_{z \sim p_{z}(z)} [\log (1 - D(G(z)))]"),
    ('weng-gan', r"""\begin{aligned}
\min_G \max_D L(D, G)
& = \mathbb{E}_{x \sim p_{r}(x)} [\log D(x)] + \mathbb{E}_{z \sim p_z(z)} [\log(1 - D(G(z)))] \\
& = \mathbb{E}_{x \sim p_{r}(x)} [\log D(x)] + \mathbb{E}_{x \sim p_g(x)} [\log(1 - D(x)]
\end{aligned}"""),
    ('weng-gan', r"L(G, D) = \int_x \bigg( p_{r}(x) \log(D(x)) + p_g (x) \log(1 - D(x)) \bigg) dx"),
    ('weng-gan', r"""\begin{aligned}
f(\tilde{x})
& = A log\tilde{x} + B log(1-\tilde{x}) \\
\frac{d f(\tilde{x})}{d \tilde{x}}
& = A \frac{1}{ln10} \frac{1}{\tilde{x}} - B \frac{1}{ln10} \frac{1}{1 - \tilde{x}} \\
& = \frac{1}{ln10} (\frac{A}{\tilde{x}} - \frac{B}{1-\tilde{x}}) \\
& = \frac{1}{ln10} \frac{A - (A + B)\tilde{x}}{\tilde{x} (1 - \tilde{x})} \\
\end{aligned}"""),
    ('weng-gan', r"D^*(x) = \tilde{x}^* = \frac{A}{A + B} = \frac{p_{r}(x)}{p_{r}(x) + p_g(x)} \in [0, 1]"),
    ('weng-gan', r"p_g = p_{r}"),
    ('weng-gan', r"D^*(x) = 1/2"),
    ('weng-gan', r"""\begin{aligned}
L(G, D^*)
&= \int_x \bigg( p_{r}(x) \log(D^*(x)) + p_g (x) \log(1 - D^*(x)) \bigg) dx \\
&= \log \frac{1}{2} \int_x p_{r}(x) dx + \log \frac{1}{2} \int_x p_g(x) dx \\
&= -2\log2
\end{aligned}"""),
    ('weng-gan', r"""\begin{aligned}
D_{JS}(p_{r} \| p_g)
=& \frac{1}{2} D_{KL}(p_{r} || \frac{p_{r} + p_g}{2}) + \frac{1}{2} D_{KL}(p_{g} || \frac{p_{r} + p_g}{2}) \\
=& \frac{1}{2} \bigg( \log2 + \int_x p_{r}(x) \log \frac{p_{r}(x)}{p_{r} + p_g(x)} dx \bigg) + \\& \frac{1}{2} \bigg( \log2 + \int_x p_g(x) \log \frac{p_g(x)}{p_{r} + p_g(x)} dx \bigg) \\
=& \frac{1}{2} \bigg( \log4 + L(G, D^*) \bigg)
\end{aligned}"""),
    ('weng-gan', r"L(G, D^*) = 2D_{JS}(p_{r} \| p_g) - 2\log2"),
    ('weng-gan', r"L(G^*, D^*) = -2\log2"),
    ('weng-gan', r"1, \dots, K-1"),
    ('weng-gan', r"f_1(x) = xy"),
    ('weng-gan', r"\frac{\partial f_1}{\partial x} = y"),
    ('weng-gan', r"\frac{\partial f_2}{\partial y} = -x"),
    ('weng-gan', r"y+ \eta \cdot x"),
    ('weng-gan', r"D(x) = 1, \forall x \in p_r"),
    ('weng-gan', r"D(x) = 0, \forall x \in p_g"),
    ('weng-gan', r"c(x_i, x_j)"),
    ('weng-gan', r"o(x_i) = \sum_{j} c(x_i, x_j)"),
    ('weng-gan', r"o(x_i)"),
    ('weng-gan', r"\| \Theta - \frac{1}{t} \sum_{i=1}^t \Theta_i \|^2"),
    ('weng-gan', r"\Theta"),
    ('weng-gan', r"(P_3, Q_3)"),
    ('weng-gan', r"\delta_i"),
    ('weng-gan', r"\delta_{i+1} = \delta_i + P_i - Q_i"),
    ('weng-gan', r"""\begin{aligned}
\delta_0 &= 0\\
\delta_1 &= 0 + 3 - 1 = 2\\
\delta_2 &= 2 + 2 - 2 = 2\\
\delta_3 &= 2 + 1 - 4 = -1\\
\delta_4 &= -1 + 4 - 3 = 0
\end{aligned}"""),
    ('weng-gan', r"W = \sum \vert \delta_i \vert = 5"),
    ('weng-gan', r"\Pi(p_r, p_g)"),
    ('weng-gan', r"\sum_{x} \gamma(x, y) = p_g(y)"),
    ('weng-gan', r"\sum_{y} \gamma(x, y) = p_r(x)"),
    ('weng-gan', r"\inf"),
    ('weng-gan', '\\forall (x, y) \\in P, x = 0 \\text{ and } y \\sim U(0, 1)\\\\\n\\forall (x, y) \\in Q, x = \\theta, 0 \\leq \\theta \\leq 1 \\text{ and } y \\sim U(0, 1)\\\\'),
    ('weng-gan', r"\theta \neq 0"),
    ('weng-gan', r"""\begin{aligned}
D_{KL}(P \| Q) &= \sum_{x=0, y \sim U(0, 1)} 1 \cdot \log\frac{1}{0} = +\infty \\
D_{KL}(Q \| P) &= \sum_{x=\theta, y \sim U(0, 1)} 1 \cdot \log\frac{1}{0} = +\infty \\
D_{JS}(P, Q) &= \frac{1}{2}(\sum_{x=0, y \sim U(0, 1)} 1 \cdot \log\frac{1}{1/2} + \sum_{x=0, y \sim U(0, 1)} 1 \cdot \log\frac{1}{1/2}) = \log 2\\
W(P, Q) &= |\theta|
\end{aligned}"""),
    ('weng-gan', r"""\begin{aligned}
D_{KL}(P \| Q) &= D_{KL}(Q \| P) = D_{JS}(P, Q) = 0\\
W(P, Q) &= 0 = \lvert \theta \rvert
\end{aligned}"""),
    ('weng-gan', r"W(p_r, p_g) = \frac{1}{K} \sup_{\| f \|_L \leq K} \mathbb{E}_{x \sim p_r}[f(x)] - \mathbb{E}_{x \sim p_g}[f(x)]"),
    ('weng-gan', r"L(p_r, p_g) = W(p_r, p_g) = \max_{w \in W} \mathbb{E}_{x \sim p_r}[f_w(x)] - \mathbb{E}_{z \sim p_r(z)}[f_w(g_\theta(z))]"),
    ('weng-infotheory', r"""\begin{aligned}
D_{KL}(p \| q) &= \sum_x p(x) \log \frac{p(x)}{q(x)} \\
 &= - \sum_x p(x)\log q(x) + \sum_x p(x)\log p(x) \\
 &= H(P, Q) - H(P)
\end{aligned}"""),
    ('weng-infotheory', r"""\begin{aligned}
I(X;Y) &= D_{KL}[p(x,y) \| p(x)p(y)] \\
 &= \sum_{x \in X, y \in Y} p(x, y) \log(\frac{p(x, y)}{p(x)p(y)}) \\
 &= \sum_{x \in X, y \in Y} p(x, y) \log(\frac{p(x|y)}{p(x)}) \\
 &= H(X) - H(X|Y) \\
\end{aligned}"""),
    ('weng-infotheory', r"X \to Y \to Z"),
    ('weng-infotheory', r"I(X; Y) \geq I(X; Z)"),
    ('weng-infotheory', r"\phi"),
    ('weng-infotheory', r"\psi"),
    ('weng-infotheory', r"I(X; Y) = I(\phi(X); \psi(Y))"),
    ('weng-infotheory', r"\hat{Y}"),
    ('weng-infotheory', r"h_1, \dots, h_m"),
    ('weng-infotheory', r"h_1, h_2, \dots, h_m"),
    ('weng-infotheory', r"h_i \to h_{i+1}"),
    ('weng-infotheory', r"""H(X) \geq I(X; h_1) \geq I(X; h_2) \geq \dots \geq I(X; h_m) \geq I(X; \hat{Y}) \\
I(X; Y) \geq I(h_1; Y) \geq I(h_2; Y) \geq \dots \geq I(h_m; Y) \geq I(\hat{Y}; Y)"""),
    ('weng-infotheory', r"\{T_i\}"),
    ('weng-infotheory', r"I(X; T_i)"),
    ('weng-infotheory', r"I(T_i; Y)"),
    ('weng-infotheory', r"\epsilon^2 < \frac{\log|H_\epsilon| + \log{1/\delta}}{2m}"),
    ('weng-infotheory', r"\epsilon"),
    ('weng-infotheory', r"H_\epsilon"),
    ('weng-infotheory', r"\vert H_\epsilon \vert \sim (1/\epsilon)^d"),
    ('weng-infotheory', r"\delta"),
    ('weng-infotheory', r"T_\epsilon"),
    ('weng-infotheory', r"\vert H_\epsilon \vert"),
    ('weng-infotheory', r"2^{\vert T_\epsilon \vert}"),
    ('weng-infotheory', r"|H_\epsilon| \sim 2^{|X|} \to 2^{|T_\epsilon|}"),
    ('weng-infotheory', r"2^{H(X)}"),
    ('weng-infotheory', r"2^{H(X \vert T_\epsilon)}"),
    ('weng-infotheory', r"\vert T_\epsilon \vert \sim \frac{2^{H(X)}}{2^{H(X \vert T_\epsilon)}} = 2^{I(T_\epsilon; X)}"),
    ('weng-infotheory', r"\epsilon^2 < \frac{2^{I(T_\epsilon; X)} + \log{1/\delta}}{2m}"),
    ('weng-infotheory', r"\Delta C"),
    ('weng-infotheory', r"\Delta G"),
    ('weng-infotheory', r"\Delta S_k"),
    ('weng-infotheory', r"\Delta t_k \sim \exp(\Delta S_k)"),
    ('weng-infotheory', r"\Delta S_k = I(X; T_k) - I(X; T_{k-1})"),
    ('weng-infotheory', r"\exp(\sum_k \Delta S_k) \geq \sum_k \exp(\Delta S_k)"),
    ('weng-attention', r"\mathbf{y}"),
    ('weng-attention', r"\boldsymbol{h}_i = [\overrightarrow{\boldsymbol{h}}_i^\top; \overleftarrow{\boldsymbol{h}}_i^\top]^\top, i=1,\dots,n"),
    ('weng-attention', r"\boldsymbol{s}_t=f(\boldsymbol{s}_{t-1}, y_{t-1}, \mathbf{c}_t)"),
    ('weng-attention', r"t=1,\dots,m"),
    ('weng-attention', r"""\begin{aligned}
\mathbf{c}_t &= \sum_{i=1}^n \alpha_{t,i} \boldsymbol{h}_i & \small{\text{; Context vector for output }y_t}\\
\alpha_{t,i} &= \text{align}(y_t, x_i) & \small{\text{; How well two words }y_t\text{ and }x_i\text{ are aligned.}}\\
&= \frac{\exp(\text{score}(\boldsymbol{s}_{t-1}, \boldsymbol{h}_i))}{\sum_{i'=1}^n \exp(\text{score}(\boldsymbol{s}_{t-1}, \boldsymbol{h}_{i'}))} & \small{\text{; Softmax of some predefined alignment score.}}.
\end{aligned}"""),
    ('weng-attention', r"(y_t, x_i)"),
    ('weng-attention', r"\text{score}(\boldsymbol{s}_t, \boldsymbol{h}_i) = \mathbf{v}_a^\top \tanh(\mathbf{W}_a[\boldsymbol{s}_t; \boldsymbol{h}_i])"),
    ('weng-attention', r"\mathbf{v}_a"),
    ('weng-attention', r"\mathbf{W}_a"),
    ('weng-attention', r"\text{score}(\boldsymbol{s}_t, \boldsymbol{h}_i) = \text{cosine}[\boldsymbol{s}_t, \boldsymbol{h}_i]"),
    ('weng-attention', r"\alpha_{t,i} = \text{softmax}(\mathbf{W}_a \boldsymbol{s}_t)"),
    ('weng-attention', r"\text{score}(\boldsymbol{s}_t, \boldsymbol{h}_i) = \boldsymbol{s}_t^\top\mathbf{W}_a\boldsymbol{h}_i"),
    ('weng-attention', r"\text{score}(\boldsymbol{s}_t, \boldsymbol{h}_i) = \boldsymbol{s}_t^\top\boldsymbol{h}_i"),
    ('weng-attention', r"\text{score}(\boldsymbol{s}_t, \boldsymbol{h}_i) = \frac{\boldsymbol{s}_t^\top\boldsymbol{h}_i}{\sqrt{n}}"),
    ('weng-attention', r"\mathbf{r}_t = \sum_{i=1}^N w_t(i)\mathbf{M}_t(i)\text{, where }\sum_{i=1}^N w_t(i)=1, \forall i: 0 \leq w_t(i) \leq 1"),
    ('weng-attention', r"w_t(i)"),
    ('weng-attention', r"\mathbf{e}_t"),
    ('weng-attention', r"\mathbf{a}_t"),
    ('weng-attention', r"""\begin{aligned}
\tilde{\mathbf{M}}_t(i) &= \mathbf{M}_{t-1}(i) [\mathbf{1} - w_t(i)\mathbf{e}_t] &\scriptstyle{\text{; erase}}\\
\mathbf{M}_t(i) &= \tilde{\mathbf{M}}_t(i) + w_t(i) \mathbf{a}_t &\scriptstyle{\text{; add}}
\end{aligned}"""),
    ('weng-attention', r"\mathbf{k}_t"),
    ('weng-attention', r"\beta_t"),
    ('weng-attention', r"""w_t^c(i)
= \text{softmax}(\beta_t \cdot \text{cosine}[\mathbf{k}_t, \mathbf{M}_t(i)])
= \frac{\exp(\beta_t \frac{\mathbf{k}_t \cdot \mathbf{M}_t(i)}{\|\mathbf{k}_t\| \cdot \|\mathbf{M}_t(i)\|})}{\sum_{j=1}^N \exp(\beta_t \frac{\mathbf{k}_t \cdot \mathbf{M}_t(j)}{\|\mathbf{k}_t\| \cdot \|\mathbf{M}_t(j)\|})}"""),
    ('weng-attention', r"\mathbf{w}_t^g = g_t \mathbf{w}_t^c + (1 - g_t) \mathbf{w}_{t-1}"),
    ('weng-attention', r"\mathbf{s}_t(.)"),
    ('weng-attention', r"\mathbf{s}_t"),
    ('weng-attention', r"\gamma_t \geq 1"),
    ('weng-attention', r"""\begin{aligned}
\tilde{w}_t(i) &= \sum_{j=1}^N w_t^g(j) s_t(i-j) & \scriptstyle{\text{; circular convolution}}\\
w_t(i) &= \frac{\tilde{w}_t(i)^{\gamma_t}}{\sum_{j=1}^N \tilde{w}_t(j)^{\gamma_t}} & \scriptstyle{\text{; sharpen}}
\end{aligned}"""),
    ('weng-attention', r"(\boldsymbol{h}_1, \dots, \boldsymbol{h}_n)"),
    ('weng-attention', r"\mathbf{s}_i"),
    ('weng-attention', r"""\begin{aligned}
y_i &= p(c_i \vert c_1, \dots, c_{i-1}, \boldsymbol{x}) \\
    &= \text{softmax}(\text{score}(\boldsymbol{s}_t; \boldsymbol{h}_i)) = \text{softmax}(\mathbf{v}_a^\top \tanh(\mathbf{W}_a[\boldsymbol{s}_t; \boldsymbol{h}_i]))
\end{aligned}"""),
    ('weng-attention', r"\text{Attention}(\mathbf{Q}, \mathbf{K}, \mathbf{V}) = \text{softmax}(\frac{\mathbf{Q}\mathbf{K}^\top}{\sqrt{n}})\mathbf{V}"),
    ('weng-attention', r"""\begin{aligned}
\text{MultiHead}(\mathbf{Q}, \mathbf{K}, \mathbf{V}) &= [\text{head}_1; \dots; \text{head}_h]\mathbf{W}^O \\
\text{where head}_i &= \text{Attention}(\mathbf{Q}\mathbf{W}^Q_i, \mathbf{K}\mathbf{W}^K_i, \mathbf{V}\mathbf{W}^V_i)
\end{aligned}"""),
    ('weng-attention', r"\mathbf{W}^Q_i"),
    ('weng-attention', r"\mathbf{W}^V_i"),
    ('weng-attention', r"d_\text{model} = 512"),
    ('weng-attention', r"d_\text{model} =512"),
    ('weng-attention', r"f(\mathbf{x}) = \mathbf{W}_f \mathbf{x}"),
    ('weng-attention', r"""\begin{aligned}
\alpha_{i,j} &= \text{softmax}(f(\mathbf{x}_i)^\top g(\mathbf{x}_j)) \\
\mathbf{o}_j &= \mathbf{W}_v \Big( \sum_{i=1}^N \alpha_{i,j} h(\mathbf{x}_i) \Big)
\end{aligned}"""),
    ('weng-attention', r"\alpha_{i,j}"),
    ('weng-attention', r"\gamma"),
    ('weng-vae', r"\vert\mathcal{D}\vert =n"),
    ('weng-vae', r"\mathbf{z}"),
    ('weng-vae', r"\theta"),
    ('weng-vae', r"\mathbf{x} \approx f_\theta(g_\phi(\mathbf{x}))"),
    ('weng-vae', r"""\begin{aligned}
\tilde{\mathbf{x}}^{(i)} &\sim \mathcal{M}_\mathcal{D}(\tilde{\mathbf{x}}^{(i)} \vert \mathbf{x}^{(i)})\\
L_\text{DAE}(\theta, \phi) &= \frac{1}{n} \sum_{i=1}^n (\mathbf{x}^{(i)} - f_\theta(g_\phi(\tilde{\mathbf{x}}^{(i)})))^2
\end{aligned}"""),
    ('weng-vae', r"\hat{\rho}_j^{(l)}"),
    ('weng-vae', r"""\begin{aligned}
L_\text{SAE}(\theta)
&= L(\theta) + \beta \sum_{l=1}^L \sum_{j=1}^{s_l} D_\text{KL}(\rho \| \hat{\rho}_j^{(l)}) \\
&= L(\theta) + \beta \sum_{l=1}^L \sum_{j=1}^{s_l} \rho\log\frac{\rho}{\hat{\rho}_j^{(l)}} + (1-\rho)\log\frac{1-\rho}{1-\hat{\rho}_j^{(l)}}
\end{aligned}"""),
    ('weng-vae', r"\rho=0.25"),
    ('weng-vae', r"\mathbf{z} = g(\mathbf{x})"),
    ('weng-vae', r"\mathbf{z}^{(i)}"),
    ('weng-vae', r"\theta^{*} = \arg\max_\theta \prod_{i=1}^n p_\theta(\mathbf{x}^{(i)})"),
    ('weng-vae', r"p_\theta(\mathbf{x}^{(i)})"),
    ('weng-vae', r"q_\phi(\mathbf{z}\vert\mathbf{x})"),
    ('weng-vae', r"q_\phi (\mathbf{z}\vert\mathbf{x})"),
    ('weng-vae', r"p_\theta (\mathbf{z}\vert\mathbf{x})"),
    ('weng-vae', r"p_\theta(\mathbf{x} \vert \mathbf{z})"),
    ('weng-vae', r"f_\theta(\mathbf{x} \vert \mathbf{z})"),
    ('weng-vae', r"q_\phi(\mathbf{z} \vert \mathbf{x})"),
    ('weng-vae', r"D_\text{KL}( q_\phi(\mathbf{z}\vert\mathbf{x}) \| p_\theta(\mathbf{z}\vert\mathbf{x}) )"),
    ('weng-vae', r"D_\text{KL}(p_\theta \| q_\phi)"),
    ('weng-vae', r"D_\text{KL}( q_\phi(\mathbf{z}\vert\mathbf{x}) \| p_\theta(\mathbf{z}\vert\mathbf{x}) ) =\log p_\theta(\mathbf{x}) + D_\text{KL}(q_\phi(\mathbf{z}\vert\mathbf{x}) \| p_\theta(\mathbf{z})) - \mathbb{E}_{\mathbf{z}\sim q_\phi(\mathbf{z}\vert\mathbf{x})}\log p_\theta(\mathbf{x}\vert\mathbf{z})"),
    ('weng-vae', r"\log p_\theta(\mathbf{x}) - D_\text{KL}( q_\phi(\mathbf{z}\vert\mathbf{x}) \| p_\theta(\mathbf{z}\vert\mathbf{x}) ) = \mathbb{E}_{\mathbf{z}\sim q_\phi(\mathbf{z}\vert\mathbf{x})}\log p_\theta(\mathbf{x}\vert\mathbf{z}) - D_\text{KL}(q_\phi(\mathbf{z}\vert\mathbf{x}) \| p_\theta(\mathbf{z}))"),
    ('weng-vae', r"""\begin{aligned}
L_\text{VAE}(\theta, \phi)
&= -\log p_\theta(\mathbf{x}) + D_\text{KL}( q_\phi(\mathbf{z}\vert\mathbf{x}) \| p_\theta(\mathbf{z}\vert\mathbf{x}) )\\
&= - \mathbb{E}_{\mathbf{z} \sim q_\phi(\mathbf{z}\vert\mathbf{x})} \log p_\theta(\mathbf{x}\vert\mathbf{z}) + D_\text{KL}( q_\phi(\mathbf{z}\vert\mathbf{x}) \| p_\theta(\mathbf{z}) ) \\
\theta^{*}, \phi^{*} &= \arg\min_{\theta, \phi} L_\text{VAE}
\end{aligned}"""),
    ('weng-vae', r"\mathbf{z} = \mathcal{T}_\phi(\mathbf{x}, \boldsymbol{\epsilon})"),
    ('weng-vae', r"\boldsymbol{\epsilon}"),
    ('weng-vae', r"""\begin{aligned}
\mathbf{z} &\sim q_\phi(\mathbf{z}\vert\mathbf{x}^{(i)}) = \mathcal{N}(\mathbf{z}; \boldsymbol{\mu}^{(i)}, \boldsymbol{\sigma}^{2(i)}\boldsymbol{I}) & \\
\mathbf{z} &= \boldsymbol{\mu} + \boldsymbol{\sigma} \odot \boldsymbol{\epsilon} \text{, where } \boldsymbol{\epsilon} \sim \mathcal{N}(0, \boldsymbol{I}) & \scriptstyle{\text{; Reparameterization trick.}}
\end{aligned}"""),
    ('weng-vae', r"\sigma"),
    ('weng-vae', r"""\begin{aligned}
&\max_{\phi, \theta} \mathbb{E}_{\mathbf{x}\sim\mathcal{D}}[\mathbb{E}_{\mathbf{z} \sim q_\phi(\mathbf{z}\vert\mathbf{x})} \log p_\theta(\mathbf{x}\vert\mathbf{z})]\\
&\text{subject to } D_\text{KL}(q_\phi(\mathbf{z}\vert\mathbf{x})\|p_\theta(\mathbf{z})) < \delta
\end{aligned}"""),
    ('weng-vae', r"\mathcal{F}(\theta, \phi, \beta)"),
    ('weng-vae', r"""L = \underbrace{\|\mathbf{x} - D(\mathbf{e}_k)\|_2^2}_{\textrm{reconstruction loss}} +
\underbrace{\|\text{sg}[E(\mathbf{x})] - \mathbf{e}_k\|_2^2}_{\textrm{VQ loss}} +
\underbrace{\beta \|E(\mathbf{x}) - \text{sg}[\mathbf{e}_k]\|_2^2}_{\textrm{commitment loss}}"""),
    ('weng-vae', r"\text{sq}[.]"),
    ('weng-vae', r"""N_i^{(t)} = \gamma N_i^{(t-1)} + (1-\gamma)n_i^{(t)}\;\;\;
\mathbf{m}_i^{(t)} = \gamma \mathbf{m}_i^{(t-1)} + (1-\gamma)\sum_{j=1}^{n_i^{(t)}}\mathbf{z}_{i,j}^{(t)}\;\;\;
\mathbf{e}_i^{(t)} = \mathbf{m}_i^{(t)} / N_i^{(t)}"""),
    ('weng-vae', r"b_t = belief(x_1, \dots, x_t) = belief(b_{t-1}, x_t)"),
    ('weng-vae', r"p(x_{t+1}, \dots, x_T \vert x_1, \dots, x_t) \approx p(x_{t+1}, \dots, x_T \vert b_t)"),
    ('weng-vae', r"""\begin{aligned}
\log p(x)
&\geq \log p(x) - D_\text{KL}(q(z|x)\|p(z|x)) \\
&= \mathbb{E}_{z\sim q} \log p(x|z) - D_\text{KL}(q(z|x)\|p(z)) \\
&= \mathbb{E}_{z \sim q} \log p(x|z) - \mathbb{E}_{z \sim q} \log \frac{q(z|x)}{p(z)} \\
&= \mathbb{E}_{z \sim q}[\log p(x|z) -\log q(z|x) + \log p(z)] \\
&= \mathbb{E}_{z \sim q}[\log p(x, z) -\log q(z|x)] \\
\log p(x)
&\geq \mathbb{E}_{z \sim q}[\log p(x, z) -\log q(z|x)]
\end{aligned}"""),
    ('weng-vae', r"\log p(x_t|x_{<t}) \geq \mathbb{E}_{(z_{t-1}, z_t) \sim q}[\log p(x_t, z_{t-1}, z_{t}|x_{<t}) -\log q(z_{t-1}, z_t|x_{\leq t})]"),
    ('weng-vae', r"p(x_t \mid z_t)"),
    ('weng-vae', r"p(x_t \mid z_t) \to p_D(x_t \mid z_t)"),
    ('weng-vae', r"p(z_t \mid z_{t-1})"),
    ('weng-vae', r"p(z_{t-1} \mid x_{<t}) \to p_B(z_{t-1} \mid b_{t-1})"),
    ('weng-flow', r"p(\mathbf{x})"),
    ('weng-flow', r"\mathbf{J}"),
    ('weng-flow', r"\mathbf{J}_{ij} = \frac{\partial f_i}{\partial x_j}"),
    ('weng-flow', r"""\mathbf{J} = \begin{bmatrix}
\frac{\partial f_1}{\partial x_1} & \dots & \frac{\partial f_1}{\partial x_n} \\[6pt]
\vdots & \ddots & \vdots \\[6pt]
\frac{\partial f_m}{\partial x_1} & \dots & \frac{\partial f_m}{\partial x_n} \\[6pt]
\end{bmatrix}"""),
    ('weng-flow', r"""\det M = \det \begin{bmatrix}
a_{11} & a_{12} & \dots & a_{1n} \\
a_{21} & a_{22} & \dots & a_{2n} \\
\vdots & \vdots & & \vdots \\
a_{n1} & a_{n2} & \dots & a_{nn} \\
\end{bmatrix} = \sum_{j_1 j_2 \dots j_n} (-1)^{\tau(j_1 j_2 \dots j_n)} a_{1j_1} a_{2j_2} \dots a_{nj_n}"""),
    ('weng-flow', r"z=f^{-1}(x)"),
    ('weng-flow', r"""\begin{aligned}
& \int p(x)dx = \int \pi(z)dz = 1 \scriptstyle{\text{   ; Definition of probability distribution.}}\\
& p(x) = \pi(z) \left\vert\frac{dz}{dx}\right\vert = \pi(f^{-1}(x)) \left\vert\frac{d f^{-1}}{dx}\right\vert = \pi(f^{-1}(x)) \vert (f^{-1})'(x) \vert
\end{aligned}"""),
    ('weng-flow', r"\Delta z"),
    ('weng-flow', r"z = f^{-1}(x)"),
    ('weng-flow', r"\Delta z =  (f^{-1}(x))' \Delta x"),
    ('weng-flow', r"""\begin{aligned}
\mathbf{z} &\sim \pi(\mathbf{z}), \mathbf{x} = f(\mathbf{z}), \mathbf{z} = f^{-1}(\mathbf{x}) \\
p(\mathbf{x})
&= \pi(\mathbf{z}) \left\vert \det \dfrac{d \mathbf{z}}{d \mathbf{x}} \right\vert
= \pi(f^{-1}(\mathbf{x})) \left\vert \det \dfrac{d f^{-1}}{d \mathbf{x}} \right\vert
\end{aligned}"""),
    ('weng-flow', r"""\begin{aligned}
\mathbf{z}_{i-1} &\sim p_{i-1}(\mathbf{z}_{i-1}) \\
\mathbf{z}_i &= f_i(\mathbf{z}_{i-1})\text{, thus }\mathbf{z}_{i-1} = f_i^{-1}(\mathbf{z}_i) \\
p_i(\mathbf{z}_i)
&= p_{i-1}(f_i^{-1}(\mathbf{z}_i)) \left\vert \det\dfrac{d f_i^{-1}}{d \mathbf{z}_i} \right\vert
\end{aligned}"""),
    ('weng-flow', r"\mathbf{z}_i"),
    ('weng-flow', r"x=f^{-1}(y)"),
    ('weng-flow', r"""\begin{aligned}
\mathbf{x} = \mathbf{z}_K &= f_K \circ f_{K-1} \circ \dots \circ f_1 (\mathbf{z}_0) \\
\log p(\mathbf{x}) = \log \pi_K(\mathbf{z}_K)
&= \log \pi_{K-1}(\mathbf{z}_{K-1}) - \log\left\vert\det\dfrac{d f_K}{d \mathbf{z}_{K-1}}\right\vert \\
&= \log \pi_{K-2}(\mathbf{z}_{K-2}) - \log\left\vert\det\dfrac{d f_{K-1}}{d\mathbf{z}_{K-2}}\right\vert - \log\left\vert\det\dfrac{d f_K}{d\mathbf{z}_{K-1}}\right\vert \\
&= \dots \\
&= \log \pi_0(\mathbf{z}_0) - \sum_{i=1}^K \log\left\vert\det\dfrac{d f_i}{d\mathbf{z}_{i-1}}\right\vert
\end{aligned}"""),
    ('weng-flow', r"\log p(\mathbf{x})"),
    ('weng-flow', r"\mathcal{L}(\mathcal{D}) = - \frac{1}{\vert\mathcal{D}\vert}\sum_{\mathbf{x} \in \mathcal{D}} \log p(\mathbf{x})"),
    ('weng-flow', r"\mathbb{R}^d \mapsto \mathbb{R}^{D-d}"),
    ('weng-flow', r"""\begin{cases}
\mathbf{y}_{1:d} &= \mathbf{x}_{1:d} \\
\mathbf{y}_{d+1:D} &= \mathbf{x}_{d+1:D} \odot \exp({s(\mathbf{x}_{1:d})}) + t(\mathbf{x}_{1:d})
\end{cases}
\Leftrightarrow
\begin{cases}
\mathbf{x}_{1:d} &= \mathbf{y}_{1:d} \\
\mathbf{x}_{d+1:D} &= (\mathbf{y}_{d+1:D} - t(\mathbf{y}_{1:d})) \odot \exp(-s(\mathbf{y}_{1:d}))
\end{cases}"""),
    ('weng-flow', r"""\det(\mathbf{J})
= \prod_{j=1}^{D-d}\exp(s(\mathbf{x}_{1:d}))_j
= \exp(\sum_{j=1}^{D-d} s(\mathbf{x}_{1:d})_j)"""),
    ('weng-flow', r"f^-1"),
    ('weng-flow', r"""\begin{cases}
\mathbf{y}_{1:d} &= \mathbf{x}_{1:d} \\
\mathbf{y}_{d+1:D} &= \mathbf{x}_{d+1:D} + m(\mathbf{x}_{1:d})
\end{cases}
\Leftrightarrow
\begin{cases}
\mathbf{x}_{1:d} &= \mathbf{y}_{1:d} \\
\mathbf{x}_{d+1:D} &= \mathbf{y}_{d+1:D} - m(\mathbf{y}_{1:d})
\end{cases}"""),
    ('weng-flow', r"\vert \det\partial f / \partial\mathbf{h}\vert"),
    ('weng-flow', r"\mathbf{y}_{ij}"),
    ('weng-flow', r"\hat{x}_i = p(x_i\vert x_{1:i-1})"),
    ('weng-flow', r"""\begin{aligned}
\mathbf{h}^l &= \text{activation}^l((\mathbf{W}^l \color{red}{\odot \mathbf{M}^{\mathbf{W}^l}}) \mathbf{h}^{l-1} + \mathbf{b}^l) \\
\hat{\mathbf{x}} &= \sigma((\mathbf{V} \color{red}{\odot \mathbf{M}^{\mathbf{V}}}) \mathbf{h}^L + \mathbf{c}) \\
M^{\mathbf{W}^l}_{k', k}
&= \mathbf{1}_{m^l_{k'} \geq m^{l-1}_k}
= \begin{cases}
    1, & \text{if } m^l_{k'} \geq m^{l-1}_k\\
    0, & \text{otherwise}
\end{cases} \\
M^{\mathbf{V}}_{d, k}
&= \mathbf{1}_{d \geq m^L_k}
= \begin{cases}
    1, & \text{if } d > m^L_k\\
    0, & \text{otherwise}
\end{cases}
\end{aligned}"""),
    ('weng-flow', r"n \times n"),
    ('weng-flow', r"""\begin{aligned}
\lbrack \mathbf{o}_i, \mathbf{f}_i, \mathbf{i}_i, \mathbf{g}_i \rbrack &= \sigma(\mathbf{K}^{ss} \circledast \mathbf{h}_{i-1} + \mathbf{K}^{is} \circledast \mathbf{x}_i) & \scriptstyle{\text{; }\sigma\scriptstyle{\text{ is tanh for g, but otherwise sigmoid; }}\circledast\scriptstyle{\text{ is convolution operation.}}} \\
\mathbf{c}_i &= \mathbf{f}_i \odot \mathbf{c}_{i-1} + \mathbf{i}_i \odot \mathbf{g}_i & \scriptstyle{\text{; }}\odot\scriptstyle{\text{ is elementwise product.}}\\
\mathbf{h}_i &= \mathbf{o}_i \odot \tanh(\mathbf{c}_i)
\end{aligned}"""),
    ('weng-flow', r"\circledast"),
    ('weng-flow', r"\mathbf{K}^{is}"),
    ('weng-flow', r"\mathbf{W}_{g,k}"),
    ('weng-flow', r"\mathbf{x} \sim p(\mathbf{x})"),
    ('weng-flow', r"p(\mathbf{x}) = \prod_{i=1}^D p(x_i\vert\mathbf{x}_{1:i-1})"),
    ('weng-flow', r"""\begin{aligned}
& \tilde{\mathbf{x}} = \mathbf{z}\text{, }\tilde{p}(.) = \pi(.)\text{, }\tilde{\mathbf{x}} \sim \tilde{p}(\tilde{\mathbf{x}}) \\
& \tilde{\mathbf{z}} = \mathbf{x} \text{, }\tilde{\pi}(.) = p(.)\text{, }\tilde{\mathbf{z}} \sim \tilde{\pi}(\tilde{\mathbf{z}})\\
& \tilde{\mu}_i(\tilde{\mathbf{z}}_{1:i-1}) = \tilde{\mu}_i(\mathbf{x}_{1:i-1}) = -\frac{\mu_i(\mathbf{x}_{1:i-1})}{\sigma_i(\mathbf{x}_{1:i-1})} \\
& \tilde{\sigma}(\tilde{\mathbf{z}}_{1:i-1}) = \tilde{\sigma}(\mathbf{x}_{1:i-1}) = \frac{1}{\sigma_i(\mathbf{x}_{1:i-1})}
\end{aligned}"""),
    ('weng-flow', r"\tilde{\pi}(\tilde{\mathbf{z}})"),
    ('weng-flow', r"\tilde{x}_i"),
    ('weng-flow', r"\mathbf{z}\sim\pi(\mathbf{z})"),
    ('weng-flow', r"x_i = z_i \odot \sigma_i(\mathbf{x}_{1:i-1}) + \mu_i(\mathbf{x}_{1:i-1})"),
    ('weng-flow', r"\tilde{\mathbf{z}}\sim\tilde{\pi}(\tilde{\mathbf{z}})"),
    ('weng-flow', r"\tilde{x}_i  = \tilde{z}_i \odot \tilde{\sigma}_i(\tilde{\mathbf{z}}_{1:i-1}) + \tilde{\mu}_i(\tilde{\mathbf{z}}_{1:i-1})"),
    ('weng-transformer', r"d_k = d_v = d"),
    ('weng-transformer', r"\mathbf{q}_i, \mathbf{k}_j \in \mathbb{R}^d"),
    ('weng-transformer', r"""\begin{aligned}
\text{MultiHeadAttention}(\mathbf{X}_q, \mathbf{X}_k, \mathbf{X}_v) &= [\text{head}_1; \dots; \text{head}_h] \mathbf{W}^o \\
\text{where head}_i &= \text{Attention}(\mathbf{X}_q\mathbf{W}^q_i, \mathbf{X}_k\mathbf{W}^k_i, \mathbf{X}_v\mathbf{W}^v_i)
\end{aligned}"""),
    ('weng-transformer', r"L \times d"),
    ('weng-transformer', r"\delta=1,\dots,d"),
    ('weng-transformer', r"""\text{PE}(i,\delta) =
\begin{cases}
\sin(\frac{i}{10000^{2\delta'/d}}) & \text{if } \delta = 2\delta'\\
\cos(\frac{i}{10000^{2\delta'/d}}) & \text{if } \delta = 2\delta' + 1\\
\end{cases}"""),
    ('weng-transformer', r"(x_1, \dots, x_L)"),
    ('weng-transformer', r"s_t = \mathcal{S}(s_{t-1}, W_x x_t), \quad y_t = W_y s_t + b_y\quad\text{for }t=1, \dots, L"),
    ('weng-transformer', r"\delta_{n,1}"),
    ('weng-transformer', r"1-\epsilon"),
    ('weng-transformer', r"""\begin{aligned}
N(t) &= \min(\min\{n': \sum_{n=1}^{n'} h_t^n \geq 1 -\epsilon\}, M) \\
p_t^n &= \begin{cases}
h_t^n & \text{if }n < N(t) \\
R(t) = 1 - \sum_{n=1}^{N(t)-1} h_t^n & \text{if }n= N(t)\\
\end{cases}
\end{aligned}"""),
    ('weng-transformer', r"\mathcal{P}(x) = \sum_{t=1}^L N(t) + R(t)"),
    ('weng-transformer', r"\mathbf{h}_{\tau}^{(n)}"),
    ('weng-transformer', r"""\begin{aligned}
\color{red}{\widetilde{\mathbf{h}}_{\tau+1}^{(n-1)}} &= [\text{stop-gradient}(\mathbf{h}_{\tau}^{(n-1)}) \circ \mathbf{h}_{\tau+1}^{(n-1)}] \\
\mathbf{Q}_{\tau+1}^{(n)} &= \mathbf{h}_{\tau+1}^{(n-1)}\mathbf{W}^q \\
\mathbf{K}_{\tau+1}^{(n)} &= \color{red}{\widetilde{\mathbf{h}}_{\tau+1}^{(n-1)}} \mathbf{W}^k \\
\mathbf{V}_{\tau+1}^{(n)} &= \color{red}{\widetilde{\mathbf{h}}_{\tau+1}^{(n-1)}} \mathbf{W}^v \\
\mathbf{h}_{\tau+1}^{(n)} &= \text{transformer-layer}(\mathbf{Q}_{\tau+1}^{(n)}, \mathbf{K}_{\tau+1}^{(n)}, \mathbf{V}_{\tau+1}^{(n)})
\end{aligned}"""),
    ('weng-transformer', r"[. \circ .]"),
    ('weng-transformer', r"\mathbf{q}_{\tau, i}"),
    ('weng-transformer', r"""\begin{aligned}
a_{ij}
&= \mathbf{q}_i {\mathbf{k}_j}^\top = (\mathbf{x}_i + \mathbf{p}_i)\mathbf{W}^q ((\mathbf{x}_j + \mathbf{p}_j)\mathbf{W}^k)^\top \\
&= \mathbf{x}_i\mathbf{W}^q {\mathbf{W}^k}^\top\mathbf{x}_j^\top + \mathbf{x}_i\mathbf{W}^q {\mathbf{W}^k}^\top\mathbf{p}_j^\top + \mathbf{p}_i\mathbf{W}^q {\mathbf{W}^k}^\top\mathbf{x}_j^\top + \mathbf{p}_i\mathbf{W}^q {\mathbf{W}^k}^\top\mathbf{p}_j^\top
\end{aligned}"""),
    ('weng-transformer', r"""a_{ij}^\text{rel} =
\underbrace{ \mathbf{x}_i\mathbf{W}^q \color{blue}{ {\mathbf{W}_E^k}^\top } \mathbf{x}_j^\top }_\text{content-based addressing} +
\underbrace{ \mathbf{x}_i\mathbf{W}^q \color{blue}{ {\mathbf{W}_R^k}^\top } \color{green}{\mathbf{r}_{i-j}^\top} }_\text{content-dependent positional bias} +
\underbrace{ \color{red}{\mathbf{u}} \color{blue}{ {\mathbf{W}_E^k}^\top } \mathbf{x}_j^\top }_\text{global content bias} +
\underbrace{ \color{red}{\mathbf{v}} \color{blue}{ {\mathbf{W}_R^k}^\top } \color{green}{\mathbf{r}_{i-j}^\top} }_\text{global positional bias}"""),
    ('weng-transformer', r"""\begin{aligned}
e_{ij} &= \mathbf{q}_i {\mathbf{k}_j}^\top \\
a_{ij} &= \text{softmax}(e_{ij}) = \frac{\exp(e_{ij})}{\sum_{r=i-s}^{i-1} \exp(e_{ir})} \\
\mathbf{y}_i &= \sum_{r=i-s}^{i-1}a_{ir}\mathbf{v}_r = \sum_{r=i-s}^{i-1}a_{ir}\mathbf{x}_r\mathbf{W}^v
\end{aligned}"""),
    ('weng-transformer', r"a_{ij} = \frac{m_z(i-j)\exp(s_{ij})}{\sum_{r=i-s}^{i-1}m_z(i-r) \exp(s_{ir})}"),
    ('weng-transformer', r"\sum_{i=1}^h z^{(i)}"),
    ('weng-transformer', r"z_t = S \sigma(\mathbf{v} \cdot \mathbf{x}_t +b)"),
    ('weng-transformer', r"\mathcal{S} = \{S_1, \dots, S_n\}"),
    ('weng-transformer', r"""\begin{aligned}
\text{Attend}(\mathbf{X}, \mathcal{S}) &= \Big( a(\mathbf{x}_i, S_i) \Big)_{i \in \{1, \dots, L\}} \\
\text{ where } a(\mathbf{x}_i, S_i) &= \text{softmax}\Big(\frac{(\mathbf{x}_i \mathbf{W}^q)(\mathbf{x}_j \mathbf{W}^k)_{j \in S_i}^\top}{\sqrt{d_k}}\Big) (\mathbf{x}_j \mathbf{W}^v)_{j \in S_i}
\end{aligned}"""),
    ('weng-transformer', r"a(\mathbf{x}_i, S_i)"),
    ('weng-transformer', r"\text{Attend}(\mathbf{X}, \mathcal{S}) \in \mathbb{R}^{L \times d_v}"),
    ('weng-transformer', r"j \in A_a^{(1)}, a \in A_b^{(2)}, b \in A_c^{(3)}, \dots"),
    ('weng-transformer', r"\ell \sim \sqrt{n}"),
    ('weng-transformer', r"\ell"),
    ('weng-transformer', r"\ell \in \{ 128, 256 \}"),
    ('weng-transformer', r"\mathbf{Q} \mathbf{K}^\top"),
    ('weng-transformer', r"\mathbf{q}_i \in \mathbf{Q}"),
    ('weng-transformer', r"\mathbf{o}_i = \sum_{j \in S_i} \exp(\mathbf{q}_i \cdot \mathbf{k}_j - Z(i, S_i)) \mathbf{v}_j \text{, where } S_i = \{j: j \leq i\}"),
    ('weng-transformer', r"x \mapsto y"),
    ('weng-transformer', r"(x_1, x_2) \mapsto (y_1, y_2)"),
    ('weng-transformer', r"\mathbf{H}^t \in \mathbb{R}^{L \times d}"),
    ('weng-transformer', r"""\begin{aligned}
\mathbf{A}^t &= \text{LayerNorm}(\mathbf{H}^{t-1} + \text{MultiHeadAttention}(\mathbf{H}^{t-1} + \mathbf{P}^t) \\
\mathbf{H}^t &= \text{LayerNorm}(\mathbf{A}^{t-1} + \text{Transition}(\mathbf{A}^t))
\end{aligned}"""),
    ('weng-transformer', r"\mathbf{A}^t"),
    ('weng-transformer', r"""\text{PE}(i, t, \delta) =
\begin{cases}
\sin(\frac{i}{10000^{2\delta'/d}}) \oplus \sin(\frac{t}{10000^{2\delta'/d}}) & \text{if } \delta = 2\delta'\\
\cos(\frac{i}{10000^{2\delta'/d}}) \oplus \cos(\frac{t}{10000^{2\delta'/d}}) & \text{if } \delta = 2\delta' + 1\\
\end{cases}"""),
    ('weng-transformer', r"""\begin{aligned}
r &= \sigma(W_r^{(l)} y + U_r^{(l)} x) \\
z &= \sigma(W_z^{(l)} y + U_z^{(l)} x - b_g^{(l)}) \\
\hat{h} &= \tanh(W_g^{(l)} y + U_g^{(l)} (r \odot x)) \\
g^{(l)}(x, y) &= (1-z)\odot x + z\odot \hat{h}
\end{aligned}"""),
    ('weng-contrastive', r"""\begin{aligned}
\mathcal{L}_\text{struct} &= \frac{1}{2\vert \mathcal{P} \vert} \sum_{(i,j) \in \mathcal{P}} \max(0, \mathcal{L}_\text{struct}^{(ij)})^2 \\
\text{where } \mathcal{L}_\text{struct}^{(ij)} &= D_{ij} + \color{red}{\max \big( \max_{(i,k)\in \mathcal{N}} \epsilon - D_{ik}, \max_{(j,l)\in \mathcal{N}} \epsilon - D_{jl} \big)}
\end{aligned}"""),
    ('weng-contrastive', r"\{ \mathbf{x}, \mathbf{x}^+, \mathbf{x}^-_1, \dots, \mathbf{x}^-_{N-1} \}"),
    ('weng-contrastive', r"""\begin{aligned}
\mathcal{L}_\text{N-pair}(\mathbf{x}, \mathbf{x}^+, \{\mathbf{x}^-_i\}^{N-1}_{i=1})
&= \log\big(1 + \sum_{i=1}^{N-1} \exp(f(\mathbf{x})^\top f(\mathbf{x}^-_i) - f(\mathbf{x})^\top f(\mathbf{x}^+))\big) \\
&= -\log\frac{\exp(f(\mathbf{x})^\top f(\mathbf{x}^+))}{\exp(f(\mathbf{x})^\top f(\mathbf{x}^+)) + \sum_{i=1}^{N-1} \exp(f(\mathbf{x})^\top f(\mathbf{x}^-_i))}
\end{aligned}"""),
    ('weng-contrastive', r"\mathbf{x}_\texttt{pos}"),
    ('weng-contrastive', r"""p(C=\texttt{pos} \vert X, \mathbf{c})
= \frac{p(x_\texttt{pos} \vert \mathbf{c}) \prod_{i=1,\dots,N; i \neq \texttt{pos}} p(\mathbf{x}_i)}{\sum_{j=1}^N \big[ p(\mathbf{x}_j \vert \mathbf{c}) \prod_{i=1,\dots,N; i \neq j} p(\mathbf{x}_i) \big]}
= \frac{ \frac{p(\mathbf{x}_\texttt{pos}\vert c)}{p(\mathbf{x}_\texttt{pos})} }{ \sum_{j=1}^N \frac{p(\mathbf{x}_j\vert \mathbf{c})}{p(\mathbf{x}_j)} }
= \frac{f(\mathbf{x}_\texttt{pos}, \mathbf{c})}{ \sum_{j=1}^N f(\mathbf{x}_j, \mathbf{c}) }"""),
    ('weng-contrastive', r"f(\mathbf{x}, \mathbf{c}) \propto \frac{p(\mathbf{x}\vert\mathbf{c})}{p(\mathbf{x})}"),
    ('weng-contrastive', r"I(\mathbf{x}; \mathbf{c}) = \sum_{\mathbf{x}, \mathbf{c}} p(\mathbf{x}, \mathbf{c}) \log\frac{p(\mathbf{x}, \mathbf{c})}{p(\mathbf{x})p(\mathbf{c})} = \sum_{\mathbf{x}, \mathbf{c}} p(\mathbf{x}, \mathbf{c})\log\color{blue}{\frac{p(\mathbf{x}|\mathbf{c})}{p(\mathbf{x})}}"),
    ('weng-contrastive', r"p_k(\mathbf{x}_{t+k} \vert \mathbf{c}_t)"),
    ('weng-contrastive', r"\{\mathbf{x}_i, y_i)\}^B_{i=1}"),
    ('weng-contrastive', r"\tau"),
    ('weng-contrastive', r"\mathbb{R}^n"),
    ('weng-contrastive', r"\{ \mathbf{v}_i \}_{i=1}^M"),
    ('weng-contrastive', r"g(\mathbf{x}, \{\mathbf{u}_i\}^N_{i=1}, \{\mathbf{v}_i\}_{i=1}^M) = \max\Big\{ \frac{1}{\eta^-}\Big( \frac{1}{N}\sum_{i=1}^N \exp(f(\mathbf{x})^\top f(\mathbf{u}_i)) - \frac{\eta^+}{M}\sum_{i=1}^M \exp(f(\mathbf{x})^\top f(\mathbf{v}_i)) \Big), \exp(-1/\tau) \Big\}"),
    ('weng-contrastive', r"\mathcal{L}^{N,M}_\text{debias}(f) = \mathbb{E}_{\mathbf{x},\{\mathbf{u}_i\}^N_{i=1}\sim p;\;\mathbf{x}^+, \{\mathbf{v}_i\}_{i=1}^M\sim p^+} \Big[ -\log\frac{\exp(f(\mathbf{x})^\top f(\mathbf{x}^+)}{\exp(f(\mathbf{x})^\top f(\mathbf{x}^+) + N g(x,\{\mathbf{u}_i\}^N_{i=1}, \{\mathbf{v}_i\}_{i=1}^M)} \Big]"),
    ('weng-contrastive', r"p^-_x(x')"),
    ('weng-contrastive', r"""\begin{aligned}
\mathbb{E}_{\mathbf{u} \sim q_\beta} [\exp(f(\mathbf{x})^\top f(\mathbf{u}))] &= \mathbb{E}_{\mathbf{u} \sim p} [\frac{q_\beta}{p}\exp(f(\mathbf{x})^\top f(\mathbf{u}))] = \mathbb{E}_{\mathbf{u} \sim p} [\frac{1}{Z_\beta}\exp((\beta + 1)f(\mathbf{x})^\top f(\mathbf{u}))] \\
\mathbb{E}_{\mathbf{v} \sim q^+_\beta} [\exp(f(\mathbf{x})^\top f(\mathbf{v}))] &= \mathbb{E}_{\mathbf{v} \sim p^+} [\frac{q^+_\beta}{p}\exp(f(\mathbf{x})^\top f(\mathbf{v}))] = \mathbb{E}_{\mathbf{v} \sim p} [\frac{1}{Z^+_\beta}\exp((\beta + 1)f(\mathbf{x})^\top f(\mathbf{v}))]
\end{aligned}"""),
    ('weng-contrastive', r"I_\text{cutmix} \gets \mathbf{M}_b \odot I_1 + (1-\mathbf{M}_b) \odot I_2"),
    ('weng-contrastive', r"Q=\{\mathbf{n}_1, \dots, \mathbf{n}_K \}"),
    ('weng-contrastive', r"\mathbf{q}^\top \mathbf{n}"),
    ('weng-contrastive', r"\mathbf{h} = \tilde{\mathbf{h}} / \|\tilde{\mathbf{h}}\|"),
    ('weng-contrastive', r"""\begin{aligned}
\mathbf{z}_i &= g(\mathbf{h}_i),\quad
\mathbf{z}_j = g(\mathbf{h}_j) \\
\mathcal{L}_\text{SimCLR}^{(i,j)} &= - \log\frac{\exp(\text{sim}(\mathbf{z}_i, \mathbf{z}_j) / \tau)}{\sum_{k=1}^{2N} \mathbb{1}_{[k \neq i]} \exp(\text{sim}(\mathbf{z}_i, \mathbf{z}_k) / \tau)}
\end{aligned}"""),
    ('weng-contrastive', r"""\begin{aligned}
\mathcal{L}_\text{BT} &= \underbrace{\sum_i (1-\mathcal{C}_{ii})^2}_\text{invariance term} + \lambda \underbrace{\sum_i\sum_{i\neq j} \mathcal{C}_{ij}^2}_\text{redundancy reduction term} \\ \text{where } \mathcal{C}_{ij} &= \frac{\sum_b \mathbf{z}^A_{b,i} \mathbf{z}^B_{b,j}}{\sqrt{\sum_b (\mathbf{z}^A_{b,i})^2}\sqrt{\sum_b (\mathbf{z}^B_{b,j})^2}}
\end{aligned}"""),
    ('weng-contrastive', r"q_\theta"),
    ('weng-contrastive', r"\mathbf{z}'"),
    ('weng-contrastive', r"\mathcal{L}^\text{BYOL}_\theta"),
    ('weng-contrastive', r"V=\{ \mathbf{v}_i \}"),
    ('weng-contrastive', r"\mathbf{f}_i = f_\theta(\mathbf{x}_i)"),
    ('weng-contrastive', r"\mathbf{v}_i"),
    ('weng-contrastive', r"""\begin{aligned}
\mathcal{L}_\text{instance} &= - \mathbb{E}_{P_d}\big[\log h(i, \mathbf{v}^{(t-1)}_i) - \lambda \|\mathbf{v}^{(t)}_i - \mathbf{v}^{(t-1)}_i\|^2_2\big] - M\mathbb{E}_{P_n}\big[\log(1 - h(i, \mathbf{v}'^{(t-1)})\big] \\
h(i, \mathbf{v}) &= \frac{P(i\vert\mathbf{v})}{P(i\vert\mathbf{v}) + MP_n(i)} \text{ where the noise distribution is uniform }P_n = 1/N
\end{aligned}"""),
    ('weng-contrastive', r"\{ \mathbf{v}^{(t-1)} \}"),
    ('weng-contrastive', r"\|\mathbf{v}^{(t)}_i - \mathbf{v}^{(t-1)}_i\|^2_2"),
    ('weng-contrastive', r"\mathcal{L}_\text{MoCo} = - \log \frac{\exp(\mathbf{q} \cdot \mathbf{k}^+ / \tau)}{\sum_{i=1}^N \exp(\mathbf{q} \cdot \mathbf{k}_i / \tau)}"),
    ('weng-contrastive', r"\theta_k \leftarrow m \theta_k + (1-m) \theta_q"),
    ('weng-contrastive', r"""\begin{aligned}
\max_{\mathbf{Q}\in\mathcal{Q}} &\text{Tr}(\mathbf{Q}^\top \mathbf{C}^\top \mathbf{Z}) + \varepsilon \mathcal{H}(\mathbf{Q}) \\
\text{where }\mathcal{Q} &= \big\{ \mathbf{Q} \in \mathbb{R}_{+}^{K \times B} \mid \mathbf{Q}\mathbf{1}_B = \frac{1}{K}\mathbf{1}_K, \mathbf{Q}^\top\mathbf{1}_K = \frac{1}{B}\mathbf{1}_B \big\}
\end{aligned}"""),
    ('weng-contrastive', r"\{\mathbf{x}_i, y_i\}_{i=1}^n"),
    ('weng-contrastive', r"\{\tilde{\mathbf{x}}_i, \tilde{y}_i\}_{i=1}^{2n}"),
    ('weng-contrastive', r"W^{-1}=\sqrt{\Lambda} U^\top"),
    ('weng-contrastive', r"W=U\sqrt{\Lambda^{-1}}"),
    ('weng-contrastive', r"""\mathcal{L}_\text{QT}
= - \sum_{s \in \mathcal{D}} \sum_{s_c \in C(s)} \log p(s_c \vert s, S(s))
= - \sum_{s \in \mathcal{D}} \sum_{s_c \in C(s)}\frac{\exp(f(s)^\top g(s_c))}{\sum_{s'\in S(s)} \exp(f(s)^\top g(s'))}"""),
    ('weng-contrastive', r"I^\text{JSD}_\omega(\mathcal{F}_\theta^{(i)} (\mathbf{x}); \mathcal{E}_\theta(\mathbf{x})) = \mathbb{E}_{\mathbf{x}\sim P} [-\text{sp}(-T_\omega(\mathcal{F}_\theta^{(i)} (\mathbf{x}); \mathcal{E}_\theta(\mathbf{x})))] \\ - \mathbb{E}_{\mathbf{x}\sim P, \mathbf{x}' \sim\tilde{P}} [\text{sp}(T_\omega(\mathcal{F}_\theta^{(i)} (\mathbf{x}'); \mathcal{E}_\theta(\mathbf{x})))]"),
    ('weng-diffusion', r"\mathbf{x}_1, \dots, \mathbf{x}_T"),
    ('weng-diffusion', r"\{\beta_t \in (0, 1)\}_{t=1}^t"),
    ('weng-diffusion', r"""q(\mathbf{x}_t \vert \mathbf{x}_{t-1}) = \mathcal{N}(\mathbf{x}_t; \sqrt{1 - \beta_t} \mathbf{x}_{t-1}, \beta_t\mathbf{I}) \quad
q(\mathbf{x}_{1:T} \vert \mathbf{x}_0) = \prod^T_{t=1} q(\mathbf{x}_t \vert \mathbf{x}_{t-1})"""),
    ('weng-diffusion', r"\mathbf{x}_0"),
    ('weng-diffusion', r"T \to \infty"),
    ('weng-diffusion', r"\mathbf{x}_t"),
    ('weng-diffusion', r"\alpha_t = 1 - \beta_t"),
    ('weng-diffusion', r"\mathcal{N}(\mathbf{0}, \sigma_1^2\mathbf{I})"),
    ('weng-diffusion', r"\mathcal{N}(\mathbf{0}, (\sigma_1^2 + \sigma_2^2)\mathbf{I})"),
    ('weng-diffusion', r"\bar{\alpha}_1 > \dots > \bar{\alpha}_T"),
    ('weng-diffusion', r"""\mathbf{x}_t = \mathbf{x}_{t-1} + \frac{\epsilon}{2} \nabla_\mathbf{x} p(\mathbf{x}_{t-1}) + \sqrt{\epsilon} \mathbf{z}_t
,\quad\text{where }
\mathbf{z}_t \sim \mathcal{N}(\mathbf{0}, \mathbf{I})"""),
    ('weng-diffusion', r"q(\mathbf{x}_{t-1} \vert \mathbf{x}_t)"),
    ('weng-diffusion', r"""p_\theta(\mathbf{x}_{0:T}) = p(\mathbf{x}_T) \prod^T_{t=1} p_\theta(\mathbf{x}_{t-1} \vert \mathbf{x}_t) \quad
p_\theta(\mathbf{x}_{t-1} \vert \mathbf{x}_t) = \mathcal{N}(\mathbf{x}_{t-1}; \boldsymbol{\mu}_\theta(\mathbf{x}_t, t), \boldsymbol{\Sigma}_\theta(\mathbf{x}_t, t))"""),
    ('weng-diffusion', r"q(\mathbf{x}_{t-1} \vert \mathbf{x}_t, \mathbf{x}_0) = \mathcal{N}(\mathbf{x}_{t-1}; \color{blue}{\tilde{\boldsymbol{\mu}}}(\mathbf{x}_t, \mathbf{x}_0), \color{red}{\tilde{\beta}_t} \mathbf{I})"),
    ('weng-diffusion', r"\mathbf{x}_{t-1}"),
    ('weng-diffusion', r"""\begin{aligned}
\tilde{\beta}_t &= 1/(\frac{\alpha_t}{\beta_t} + \frac{1}{1 - \bar{\alpha}_{t-1}}) = \frac{1 - \bar{\alpha}_{t-1}}{1 - \bar{\alpha}_t} \cdot \beta_t \\
\tilde{\boldsymbol{\mu}}_t (\mathbf{x}_t, \mathbf{x}_0)
&= (\frac{\sqrt{\alpha_t}}{\beta_t} \mathbf{x}_t + \frac{\sqrt{\bar{\alpha}_t}}{1 - \bar{\alpha}_t} \mathbf{x}_0)/(\frac{\alpha_t}{\beta_t} + \frac{1}{1 - \bar{\alpha}_{t-1}})
= \frac{\sqrt{\alpha_t}(1 - \bar{\alpha}_{t-1})}{1 - \bar{\alpha}_t} \mathbf{x}_t + \frac{\sqrt{\bar{\alpha}_{t-1}}\beta_t}{1 - \bar{\alpha}_t} \mathbf{x}_0\\
\end{aligned}"""),
    ('weng-diffusion', r"""\begin{aligned}
\tilde{\boldsymbol{\mu}}_t
&= \frac{\sqrt{\alpha_t}(1 - \bar{\alpha}_{t-1})}{1 - \bar{\alpha}_t} \mathbf{x}_t + \frac{\sqrt{\bar{\alpha}_{t-1}}\beta_t}{1 - \bar{\alpha}_t} \frac{1}{\sqrt{\bar{\alpha}_t}}(\mathbf{x}_t - \sqrt{1 - \bar{\alpha}_t}\mathbf{z}_t) \\
&= \color{cyan}{\frac{1}{\sqrt{\alpha_t}} \Big( \mathbf{x}_t - \frac{\beta_t}{\sqrt{1 - \bar{\alpha}_t}} \mathbf{z}_t \Big)}
\end{aligned}"""),
    ('weng-diffusion', r"""\begin{aligned}
L_\text{VLB} &= L_T + L_{T-1} + \dots + L_0 \\
\text{where } L_T &= D_\text{KL}(q(\mathbf{x}_T \vert \mathbf{x}_0) \parallel p_\theta(\mathbf{x}_T)) \\
L_t &= D_\text{KL}(q(\mathbf{x}_t \vert \mathbf{x}_{t+1}, \mathbf{x}_0) \parallel p_\theta(\mathbf{x}_t \vert\mathbf{x}_{t+1})) \text{ for }1 \leq t \leq T-1 \\
L_0 &= - \log p_\theta(\mathbf{x}_0 \vert \mathbf{x}_1)
\end{aligned}"""),
    ('weng-diffusion', r"L_\text{VLB}"),
    ('weng-diffusion', r"\mathcal{N}(\mathbf{x}_0; \boldsymbol{\mu}_\theta(\mathbf{x}_1, 1), \boldsymbol{\Sigma}_\theta(\mathbf{x}_1, 1))"),
    ('weng-diffusion', r"\tilde{\boldsymbol{\mu}}_t = \frac{1}{\sqrt{\alpha_t}} \Big( \mathbf{x}_t - \frac{\beta_t}{\sqrt{1 - \bar{\alpha}_t}} \mathbf{z}_t \Big)"),
    ('weng-diffusion', r"""\begin{aligned}
\boldsymbol{\mu}_\theta(\mathbf{x}_t, t) &= \color{cyan}{\frac{1}{\sqrt{\alpha_t}} \Big( \mathbf{x}_t - \frac{\beta_t}{\sqrt{1 - \bar{\alpha}_t}} \mathbf{z}_\theta(\mathbf{x}_t, t) \Big)} \\
\text{Thus }\mathbf{x}_{t-1} &= \mathcal{N}(\mathbf{x}_{t-1}; \frac{1}{\sqrt{\alpha_t}} \Big( \mathbf{x}_t - \frac{\beta_t}{\sqrt{1 - \bar{\alpha}_t}} \mathbf{z}_\theta(\mathbf{x}_t, t) \Big), \boldsymbol{\Sigma}_\theta(\mathbf{x}_t, t))
\end{aligned}"""),
    ('weng-diffusion', r"\tilde{\boldsymbol{\mu}}"),
    ('weng-diffusion', r"L_t^\text{simple} = \mathbb{E}_{\mathbf{x}_0, \mathbf{z}_t} \Big[\|\mathbf{z}_t - \mathbf{z}_\theta(\sqrt{\bar{\alpha}_t}\mathbf{x}_0 + \sqrt{1 - \bar{\alpha}_t}\mathbf{z}_t, t)\|^2 \Big]"),
    ('weng-diffusion', r"\nabla_{\mathbf{x}} \log p(\mathbf{x})"),
    ('weng-diffusion', r"s_\theta: \mathbb{R}^D \to \mathbb{R}^D"),
    ('weng-diffusion', r"\beta_t = \text{clip}(1-\frac{\bar{\alpha}_t}{\bar{\alpha}_{t-1}}, 0.999) \quad\bar{\alpha}_t = \frac{f(t)}{f(0)}\quad\text{where }f(t)=\cos\Big(\frac{t/T+s}{1+s}\cdot\frac{\pi}{2}\Big)"),
    ('weng-diffusion', r"\boldsymbol{\Sigma}_\theta"),
    ('weng-diffusion', r"\boldsymbol{\Sigma}_\theta(\mathbf{x}_t, t) = \sigma^2_t \mathbf{I}"),
    ('weng-diffusion', r"\tilde{\beta}_t = \frac{1 - \bar{\alpha}_{t-1}}{1 - \bar{\alpha}_t} \cdot \beta_t"),
    ('weng-diffusion', r"\boldsymbol{\Sigma}_\theta(\mathbf{x}_t, t)"),
    ('weng-diffusion', r"\boldsymbol{\Sigma}_\theta(\mathbf{x}_t, t) = \exp(\mathbf{v} \log \beta_t + (1-\mathbf{v}) \log \tilde{\beta}_t)"),
    ('weng-diffusion', r"L_\text{simple}"),
    ('weng-diffusion', r"\lceil T/S \rceil"),
    ('weng-diffusion', r"\{\tau_1, \dots, \tau_S\}"),
    ('weng-diffusion', r"\sigma_t^2 = \eta \cdot \tilde{\beta}_t"),
    ('weng-diffusion', r"\eta \in \mathbb{R}^+"),
    ('weng-diffusion', r"""q_{\sigma, \tau}(\mathbf{x}_{\tau_{i-1}} \vert \mathbf{x}_{\tau_t}, \mathbf{x}_0)
= \mathcal{N}(\mathbf{x}_{\tau_{i-1}}; \sqrt{\bar{\alpha}_{t-1}}\mathbf{x}_0 + \sqrt{1 - \bar{\alpha}_{t-1} - \sigma_t^2} \frac{\mathbf{x}_{\tau_i} - \sqrt{\bar{\alpha}_t}\mathbf{x}_0}{\sqrt{1 - \bar{\alpha}_t}}, \sigma_t^2 \mathbf{I})"""),
    ('weng-diffusion', r"\eta=1"),
    ('weng-diffusion', r"1/\sqrt{2}"),
    ('patacchiola-gmm', r"p\left(x \mid \mu, \sigma^{2}\right)= \mathcal{N}\left(\mu, \sigma^{2}\right) = \frac{1}{\sqrt{2 \pi \sigma^{2}}} \exp \left(-\frac{(x-\mu)^{2}}{2 \sigma^{2}}\right)."),
    ('patacchiola-gmm', r"p(\boldsymbol{x} \mid \boldsymbol{\mu}, \boldsymbol{\Sigma}) = \mathcal{N}\left(\boldsymbol{\mu}, \boldsymbol{\Sigma}\right) = (2 \pi)^{-\frac{D}{2}}|\boldsymbol{\Sigma}|^{-\frac{1}{2}} \exp \left(-\frac{1}{2}(\boldsymbol{x}-\boldsymbol{\mu})^{\top} \boldsymbol{\Sigma}^{-1}(\boldsymbol{x}-\boldsymbol{\mu})\right)."),
    ('patacchiola-gmm', r"\boldsymbol{\mu}"),
    ('patacchiola-gmm', r"\boldsymbol{\Sigma}"),
    ('patacchiola-gmm', r"|\boldsymbol{\Sigma}|"),
    ('patacchiola-gmm', r"\boldsymbol{x} \in \mathbb{R}^{D}"),
    ('patacchiola-gmm', r"\mathcal{X}= \{x_{n} \}_{n=1}^{N}"),
    ('patacchiola-gmm', r"""\begin{aligned}
p(\mathcal{X} \vert \mu) &=\prod_{n=1}^{N} \frac{1}{\sqrt{2 \pi \sigma^{2}}} \exp -\frac{\left(x_{n}-\mu\right)^{2}}{2 \sigma^{2}}, \\
\mathcal{L} &= \log p(\mathcal{X} \vert \mu) =\sum_{n=1}^{N}\left[\log \left(\frac{1}{\sqrt{2 \pi \sigma^{2}}}\right)-\frac{\left(x_{n}-\mu\right)^{2}}{2 \sigma^{2}}\right], \\
\frac{d \mathcal{L}}{d \mu}  &=\sum_{n=1}^{N} \frac{x_{n}-\mu}{\sigma^{2}}.
\end{aligned}"""),
    ('patacchiola-gmm', r"\mu_{\text{ML}}=\frac{\sum_{n=1}^{N} x_{n}}{N}."),
    ('patacchiola-gmm', r"\sigma_{\text{ML}}^{2}=\frac{\sum_{n=1}^{N} (x_{n} - \mu)^{2}}{N}."),
    ('patacchiola-gmm', r"x_{n}"),
    ('patacchiola-gmm', r"p(\boldsymbol{z})=\boldsymbol{\pi}=\left[\pi_{1}, \ldots, \pi_{K}\right]^{\top}, \quad \text{with} \quad 0 \leq \pi_{k} \leq 1 \quad \text{and} \quad \sum_{k=1}^{K} \pi_{k}=1."),
    ('patacchiola-gmm', r"p(x \mid \boldsymbol{\theta})=\sum_{z} p(x \mid \boldsymbol{\theta}, z) p(z \mid \boldsymbol{\theta})"),
    ('patacchiola-gmm', r"\mathcal{N}\left(x \mid \mu_{k}, \sigma_{k}\right)"),
    ('patacchiola-gmm', r"\pi_{k}"),
    ('patacchiola-gmm', r"p(z_{k}=1 \vert \boldsymbol{\theta})"),
    ('patacchiola-gmm', r"\mathcal{N}\left(\boldsymbol{\mu}_{k}, \boldsymbol{\Sigma}_{k} \right) = \sum_{k=1}^{K} \pi_{k} \mathcal{N}\left(\boldsymbol{x} \mid \boldsymbol{\mu}_{k}, \boldsymbol{\Sigma}_{k}\right)"),
    ('patacchiola-gmm', r"p\left(z_{k}=1 \mid x\right)=\frac{p\left(z_{k}=1\right) p\left(x \mid z_{k}=1\right)}{p(x)}."),
    ('patacchiola-gmm', r"p\left(z_{k}=1 \mid x\right)=\frac{p\left(z_{k}=1\right) p\left(x \mid z_{k}=1\right)}{\sum_{j=1}^{K} p\left(z_{j}=1\right) p\left(x \mid z_{j}=1\right)}=\frac{\pi_{k} \mathcal{N}\left(x \mid \mu_{k}, \sigma_{k}\right)}{\sum_{j=1}^{K} \pi_{j} \mathcal{N}\left(x \mid \mu_{j}, \sigma_{j}\right)}."),
    ('patacchiola-gmm', r"p(a \boldsymbol{x}+b \boldsymbol{y})=\mathcal{N}\left(a \boldsymbol{\mu}_{x}+b \boldsymbol{\mu}_{y}, a^{2} \boldsymbol{\Sigma}_{x}+b^{2} \boldsymbol{\Sigma}_{y}\right)."),
    ('patacchiola-gmm', r"\mu_{k}"),
    ('patacchiola-gmm', r"\mathcal{X}"),
    ('patacchiola-gmm', r"\mu=a"),
    ('patacchiola-gmm', r"\mu_{1}=a, \mu_{2}=b"),
    ('patacchiola-gmm', r"\mu_{1}=b, \mu_{2}=a"),
    ('patacchiola-gmm', r"\partial \mathcal{L} / \partial \mu_{k}"),
    ('patacchiola-gmm', r"""\frac{d \mathcal{L}}{d \mu} =  \sum_{n=1}^{N} \frac{x_{n}-\mu}{\sigma^{2}},
\quad \text{and} \quad
\frac{\partial \mathcal{L}}{\partial \mu_{k}} = \sum_{n=1}^{N}
\underbrace{
\frac{\pi_{k} \mathcal{N}\left(x_{n} \mid \mu_{k}, \sigma_{k}\right)}{\sum_{j=1}^{K} \pi_{j} \mathcal{N}\left(x_{n} \mid \mu_{j}, \sigma_{j}\right)}
}
_{\text{responsibilities}}
\cdot \frac{x_{n}-\mu_{k}}{\sigma_{k}^{2}}."""),
    ('patacchiola-gmm', r"r_{nk} = p\left(z_{k}=1 \mid x_{n} \right) = \frac{\pi_{k} \mathcal{N}\left(x_{n} \mid \mu_{k}, \sigma_{k}\right)}{\sum_{j=1}^{K} \pi_{j} \mathcal{N}\left(x_{n} \mid \mu_{j}, \sigma_{j}\right)}."),
    ('patacchiola-gmm', r"p(z_{k}=1 \mid x_{n})"),
    ('patacchiola-gmm', r"r_{nk} \propto  \pi_{k} \mathcal{N}\left(x_{n} \mid \mu_{k}, \sigma_{k}\right)"),
    ('patacchiola-gmm', r"N_{k} = \sum_{n=1}^{N} r_{n k}."),
    ('patacchiola-gmm', r"\{0.2, 0.8\}"),
    ('patacchiola-gmm', r"\mathcal{N}_{A}"),
    ('patacchiola-gmm', r"\mathcal{N}_{B}(\mu_B, \sigma_B)"),
    ('patacchiola-gmm', r"r_{nk} = \frac{\pi_{k} \mathcal{N}\left(x_{n} \mid \mu_{k}, \sigma_{k}\right)}{\sum_{j=1}^{K} \pi_{j} \mathcal{N}\left(x_{n} \mid \mu_{j}, \sigma_{j}\right)}."),
    ('patacchiola-gmm', r"\sigma_k"),
    ('patacchiola-gmm', r"N_{k}"),
    ('patacchiola-gmm', r"""\mu_{k} =\frac{1}{N_{k}} \sum_{n=1}^{N} r_{n k} x_{n}, \quad
\sigma_{k} =\frac{1}{N_{k}} \sum_{n=1}^{N} r_{n k}\left(x_{n}-\mu_{k}\right)^{2}, \quad
\pi_{k} =\frac{N_{k}}{N},"""),
    ('patacchiola-gmm', r"""\boldsymbol{\mu}_{k} =\frac{1}{N_{k}} \sum_{n=1}^{N} r_{n k} \boldsymbol{x}_{n}, \quad
\boldsymbol{\Sigma}_{k} =\frac{1}{N_{k}} \sum_{n=1}^{N} r_{n k}\left(\boldsymbol{x}_{n}-\boldsymbol{\mu}_{k}\right)\left(\boldsymbol{x}_{n}-\boldsymbol{\mu}_{k}\right)^{\top}, \quad
\pi_{k} =\frac{N_{k}}{N}."""),
    ('patacchiola-gmm', r"-\sum_{n=1}^{N}\left[\log \left(\frac{1}{\sqrt{2 \pi \sigma^{2}}}\right)-\frac{\left(x_{n}-\mu\right)^{2}}{2 \sigma^{2}}\right] < \epsilon"),
    ('patacchiola-vi-1', r"p(\mathbf{z})"),
    ('patacchiola-vi-1', r"p(\mathbf{z} \vert \mathbf{x})"),
    ('patacchiola-vi-1', r"q(\mathbf{z})"),
    ('patacchiola-vi-1', r"\mathcal{Q}"),
    ('patacchiola-vi-1', r"""\text{KL} \big( q(\mathbf{z}) || p(\mathbf{z} | \mathbf{x}) \big)
= \int q(\mathbf{z}) \log \frac{q(\mathbf{z})}{p(\mathbf{z} | \mathbf{x})} d\mathbf{z}
= - \int q(\mathbf{z}) \log \frac{p(\mathbf{z} | \mathbf{x})}{q(\mathbf{z})} d\mathbf{z}."""),
    ('patacchiola-vi-1', r"q_{\ast}(\mathbf{z}) = \text{argmin} \ \text{KL}\big(q(\mathbf{z}) \vert\vert p(\mathbf{z} \vert \mathbf{x})\big)."),
    ('patacchiola-vi-1', r"\text{KL}(p \vert\vert q) \neq \text{KL}(q \vert\vert p),"),
    ('patacchiola-vi-1', r"\text{KL}\big(q(\mathbf{z}) \vert\vert p(\mathbf{z} \vert \mathbf{x})\big)"),
    ('patacchiola-vi-1', r"(1.1 \rightarrow 1.2)"),
    ('patacchiola-vi-1', r"\log \frac{f(x)}{g(x)} = \log f(x) - \log g(x)."),
    ('patacchiola-vi-1', r"(1.3 \rightarrow 1.4)"),
    ('patacchiola-vi-1', r"\int f(x) + g(x) dx = \int f(x) dx + \int g(x) dx."),
    ('patacchiola-vi-1', r"(1.5 \rightarrow 1.6)"),
    ('patacchiola-vi-1', r"p(\mathbf{z} | \mathbf{x}) = \frac{p(\mathbf{x}, \mathbf{z}) }{p(\mathbf{x})}."),
    ('patacchiola-vi-1', r"\mathbb{E}[A + B] = \mathbb{E}[A] + \mathbb{E}[B],"),
    ('patacchiola-vi-1', r"\mathbb{E}_{q}"),
    ('patacchiola-vi-1', r"""\text{KL} \big( q(\mathbf{z}) \vert\vert p(\mathbf{z} \vert \mathbf{x}) \big)
= \mathbb{E}_{q} \big[ \log q(\mathbf{z}) - \log p(\mathbf{x}, \mathbf{z}) \big] + \log p(\mathbf{x})."""),
    ('patacchiola-vi-1', r"\text{KL} ( q(\mathbf{z}) \vert\vert p(\mathbf{z} \vert \mathbf{x}) )"),
    ('patacchiola-vi-1', r"""\mathbb{E}_{q} \big[\log p(\mathbf{x}, \mathbf{z}) - \log q(\mathbf{z}) \big]
= \log p(\mathbf{x}) - \text{KL} \big( q(\mathbf{z}) || p(\mathbf{z} | \mathbf{x}) \big),"""),
    ('patacchiola-vi-1', r"""\text{ELBO}(q)
= \mathbb{E}_{q} \big[\log p(\mathbf{x}, \mathbf{z}) - \log q(\mathbf{z}) \big]
= \mathbb{E}_{q} \bigg[ \log \frac{p(\mathbf{x}, \mathbf{z})}{q(\mathbf{z})} \bigg],"""),
    ('patacchiola-vi-1', r"\text{(2.7)}"),
    ('patacchiola-vi-1', r"(2.1 \rightarrow 2.2)"),
    ('patacchiola-vi-1', r"(2.2 \rightarrow 2.3)"),
    ('patacchiola-vi-1', r"p(\mathbf{z}, \mathbf{x}) = p(\mathbf{x} \vert \mathbf{z}) p(\mathbf{z})."),
    ('patacchiola-vi-1', r"(2.3 \rightarrow 2.4)"),
    ('patacchiola-vi-1', r"""\mathbb{E}_{q}[\log \big( p(\mathbf{x} \vert \mathbf{z}) p(\mathbf{z}) \big)]
=
\mathbb{E}_{q}[\log p(\mathbf{x} \vert \mathbf{z}) + \log p(\mathbf{z})]
=
\mathbb{E}_{q}[\log p(\mathbf{x} \vert \mathbf{z})] + \mathbb{E}_{q}[\log p(\mathbf{z})]."""),
    ('patacchiola-vi-1', r"(2.5 \rightarrow 2.6)"),
    ('patacchiola-vi-1', r"""\mathbb{E}_{q}[\log p(\mathbf{z}) - \log q(\mathbf{z})]
=
\int q(\mathbf{z})  \big( \log p(\mathbf{z}) - \log q(\mathbf{z}) \big) d\mathbf{z}
=
\int q(\mathbf{z}) \log \frac{p(\mathbf{z})}{q(\mathbf{z})} d\mathbf{z}."""),
    ('patacchiola-vi-1', r"-\mathbb{E}_{q} \big[ \log q(\mathbf{z}) \big] + \mathbb{E}_{q} \big[ \log p(\mathbf{x}, \mathbf{z}) \big]"),
    ('patacchiola-vi-1', r"g(\mathbb{E}[X]) \leq \mathbb{E}[g(X)],"),
    ('patacchiola-vi-1', r"\log \mathbb{E}[X] \geq \mathbb{E}[\log X]."),
    ('patacchiola-vi-1', r"""\begin{aligned}
\log p(\mathbf{x})
&=\log \int p(\mathbf{x}, \mathbf{z}) d\mathbf{z} &\text{(3.1)}\\
&=\log \int p(\mathbf{x}, \mathbf{z}) \frac{q(\mathbf{z})}{q(\mathbf{z})} d\mathbf{z} &\text{(3.2)}\\
&=\log \mathbb{E}_{q} \bigg[ \frac{p(\mathbf{x}, \mathbf{z})}{q(\mathbf{z})} \bigg] &\text{(3.3)}\\
&\geq \underbrace{\mathbb{E}_{q} \bigg[ \log \frac{p(\mathbf{x}, \mathbf{z})}{q(\mathbf{z})} \bigg]}_{\text{ELBO}} &\text{(3.4)}\\
\end{aligned}"""),
    ('patacchiola-vi-1', r"\log p(\mathbf{x}) \geq \text{ELBO},"),
    ('patacchiola-vi-1', r"(3.2 \rightarrow 3.3)"),
    ('patacchiola-vi-1', r"(3.3 \rightarrow 3.4)"),
    ('patacchiola-vi-1', r"""\mathbb{E}_{q}[\log p(\mathbf{x})]
= \int q(\mathbf{z}) \log p(\mathbf{x}) d\mathbf{z}
= \log p(\mathbf{x}) \int q(\mathbf{z}) d\mathbf{z}
= \log p(\mathbf{x})."""),
    ('patacchiola-vi-1', r"(4.1 \rightarrow 4.2)"),
    ('patacchiola-vi-1', r"p(\mathbf{x}) = \frac{p(\mathbf{x}, \mathbf{z})}{p(\mathbf{z} \vert \mathbf{x})}."),
    ('patacchiola-vi-1', r"(4.3 \rightarrow 4.4)"),
    ('patacchiola-vi-1', r"(4.4 \rightarrow 4.5)"),
    ('patacchiola-vi-2', r"q_{\theta}(\mathbf{z})"),
    ('patacchiola-vi-2', r"p_{\theta}(\mathbf{x})"),
    ('patacchiola-vi-2', r"\hat{\mathbf{x}}^{(1)}, \dots, \hat{\mathbf{x}}^{(N)}"),
    ('patacchiola-vi-2', r"\mathbb{E}_{p_{\theta}}[f(\mathbf{x})]"),
    ('patacchiola-vi-2', r"\mathbb{E}_{p_{\theta}}[f(\mathbf{x})] \approx \frac{1}{N} \sum_{n=1}^{N} f(\hat{\mathbf{x}}^{(n)}) \quad \text{with} \quad \hat{\mathbf{x}}^{(n)} \sim p_{\theta}(\mathbf{x}),"),
    ('patacchiola-vi-2', r"""\begin{align}
\nabla_{\theta} \mathbb{E}_{p_{\theta}}[f(\mathbf{x})]
&= \nabla_\theta \int p_{\theta}(\mathbf{x}) f(\mathbf{x}) d\mathbf{x} &\text{(1.1)}\\
&= \int \underbrace{\nabla_\theta p_{\theta}(\mathbf{x})}_{\text{issue}} f(\mathbf{x}) d\mathbf{x} &\text{(1.2)}\\
\end{align}"""),
    ('patacchiola-vi-2', r"\nabla_\theta p(\mathbf{x}_{\theta})"),
    ('patacchiola-vi-2', r"\text{(1.2)}"),
    ('patacchiola-vi-2', r"""\nabla_{\theta} \text{ELBO}(q)
= \nabla_{\theta} \mathbb{E}_{q} \big[ \log p(\mathbf{x}, \mathbf{z}) -\log q(\mathbf{z}) \big]."""),
    ('patacchiola-vi-2', r"\log"),
    ('patacchiola-vi-2', r"""\nabla_\theta \log p_{\theta}(\mathbf{x})
=
\frac{1}{p_{\theta}(\mathbf{x})} \cdot \nabla_{\theta} p_{\theta}(\mathbf{x})
=
\frac{\nabla_{\theta} p_{\theta}(\mathbf{x})}{p_{\theta}(\mathbf{x})}."""),
    ('patacchiola-vi-2', r"""\mathbb{E}_{p_{\theta}}[\nabla_{\theta} \log p_{\theta}(\mathbf{x})]
=  \mathbb{E}_{p_{\theta}} \bigg[ \frac{\nabla_{\theta} p_{\theta}(\mathbf{x})}{p_{\theta}(\mathbf{x})} \bigg]
= \int p_{\theta}(\mathbf{x}) \frac{\nabla_{\theta} p_{\theta}(\mathbf{x})}{p_{\theta}(\mathbf{x})} d\mathbf{x}
= \nabla_{\theta} \int  p_{\theta}(\mathbf{x}) d\mathbf{x}
= \nabla_{\theta} 1 = 0."""),
    ('patacchiola-vi-2', r"""\mathbb{E}_{p_{\theta}} \big[ \nabla_\theta \log p_{\theta}(\mathbf{x}) f(\mathbf{x}) \big] \approx \frac{1}{N} \sum_{n=1}^{N} \nabla_\theta \log p_{\theta}(\hat{\mathbf{x}}^{(n)}) f(\hat{\mathbf{x}}^{(n)})
\quad \text{with} \quad
\hat{\mathbf{x}}^{(n)} \sim p_{\theta}(\mathbf{x})."""),
    ('patacchiola-vi-2', r"\nabla_{\theta} \log q_{\theta}(\mathbf{z})"),
    ('patacchiola-vi-2', r"(3.4 \rightarrow 3.5)"),
    ('patacchiola-vi-2', r"(3.5 \rightarrow 3.6)"),
    ('patacchiola-vi-2', r"(3.6 \rightarrow 3.7)"),
    ('patacchiola-vi-2', r"(3.7 \rightarrow 3.8)"),
    ('patacchiola-vi-2', r"\mathbb{E}_{q} \big[ \underbrace{\nabla_{\theta} \log p(\mathbf{x}, \mathbf{z})}_{=0} - \underbrace{\nabla_{\theta} \log q_{\theta}(\mathbf{z})}_{\text{score}} \big] = \mathbb{E}_{q} [0] = 0,"),
    ('patacchiola-vi-2', r"\log q_{\theta}(\mathbf{z})"),
    ('patacchiola-vi-2', r"\hat{\mathbf{x}} \sim p_{\theta}(\mathbf{x}) \quad \text{and} \quad \hat{\mathbf{x}} = t_{\theta}(\hat{\boldsymbol{\epsilon}}) \quad \hat{\boldsymbol{\epsilon}} \sim p(\boldsymbol{\epsilon})."),
    ('patacchiola-vi-2', r"\hat{\boldsymbol{\epsilon}}"),
    ('patacchiola-vi-2', r"p(\boldsymbol{\epsilon})"),
    ('patacchiola-vi-2', r"\mathcal{N}(x \vert \mu, \sigma)"),
    ('patacchiola-vi-2', r"x, \mu, \sigma"),
    ('patacchiola-vi-2', r"\boldsymbol{\theta}= \{\mu, \sigma\}"),
    ('patacchiola-vi-2', r"\epsilon \rightarrow x"),
    ('patacchiola-vi-2', r"t_{\theta}"),
    ('patacchiola-vi-2', r"x \rightarrow \epsilon"),
    ('patacchiola-vi-2', r"\mathbb{E}_{p_{\theta}(\mathbf{x})}[f(\mathbf{x})] \quad \text{and} \quad \mathbb{E}_{p(\boldsymbol{\epsilon})}[f(t_{\theta}(\boldsymbol{\epsilon}))]."),
    ('patacchiola-vi-2', r"""\nabla_\theta \mathbb{E}_{p_{\theta}}[f(\mathbf{x})]
\approx
\frac{1}{N} \sum_{n=1}^{N} \nabla_\theta t_{\theta}(\hat{\boldsymbol{\epsilon}}^{(n)}) \nabla_x f(\mathbf{x}^{(n)})
\quad \text{with} \quad
\hat{\boldsymbol{\epsilon}}^{(n)} \sim p(\boldsymbol{\epsilon})
\quad \text{and} \quad
\mathbf{x}^{(n)} = t_{\theta}(\hat{\boldsymbol{\epsilon}}^{(n)})."""),
    ('patacchiola-vi-2', r"(5.2 \rightarrow 5.3)"),
    ('patacchiola-vi-2', r"""\nabla_\theta \log p(\mathbf{x}, t_{\theta}(\boldsymbol{\epsilon}))
=
\frac{1}{p(\mathbf{x}, \mathbf{z})} \nabla_z p(\mathbf{x}, \mathbf{z}) \nabla_\theta t_{\theta}(\boldsymbol{\epsilon})
=
\nabla_z \log p(\mathbf{x}, \mathbf{z}) \nabla_\theta t_{\theta}(\boldsymbol{\epsilon}),"""),
    ('patacchiola-vi-2', r"\log p(\mathbf{x}, \mathbf{z})"),
    ('patacchiola-vi-2', r"\nabla_\theta \log q_{\theta}(t_{\theta}(\boldsymbol{\epsilon})"),
    ('patacchiola-vi-2', r"\nabla_\theta \log q_{\theta}(t_{\theta}(\boldsymbol{\epsilon})) = \nabla_z \log q_{\theta}(\mathbf{z}) \nabla_\theta t_{\theta}(\boldsymbol{\epsilon}) + \nabla_\theta \log q_{\theta}(t_{\theta}(\boldsymbol{\epsilon}))"),
    ('patacchiola-vi-2', r"(5.4 \rightarrow 5.5)"),
    ('patacchiola-vi-2', r"""\mathbb{V}_{p_{\theta}}[\nabla_\theta \log p_{\theta}(\mathbf{x}) f(\mathbf{x})]
=
\mathbb{E}_{p_{\theta}}[\big( \nabla_\theta \log p_{\theta}(\mathbf{x}) f(\mathbf{x}) \big)^{2}]
-
\mathbb{E}_{p_{\theta}}[\nabla_\theta \log p_{\theta}(\mathbf{x}) f(\mathbf{x})]^{2},"""),
    ('patacchiola-vi-2', r"\nabla_\theta \log p_{\theta}(\mathbf{x})"),
    ('patacchiola-vi-2', r"f(\mathbf{x}) =\sum f(\mathbf{x}_d)"),
    ('patacchiola-vi-3', r"q_{\theta}(z) = \prod_{i=1}^{K} q_{\theta_i}(z_i)."),
    ('patacchiola-vi-3', r"q_{\theta}(z)"),
    ('patacchiola-vi-3', r"\prod_{i=1}^{K} q_{\theta_i}"),
    ('patacchiola-vi-3', r"i \neq j"),
    ('patacchiola-vi-3', r"\mathbb{E}_{i \neq j} \big[ \log p(x, z) \big] = \log \tilde{p}(x, z_i),"),
    ('patacchiola-vi-3', r"q_{\theta_j}"),
    ('patacchiola-vi-3', r"\tilde{p}(x, z_i)"),
)

IDIOMS = (
    ("issue-14", r"\sum\limits_{i=1}^n \log p_\theta(x_i)"),
    ("issue-14", r"\hat\theta = \operatorname*{arg\,max}_\theta \; \mathbb{E}_{x}[\log p_\theta(x)]"),
    ("issue-14", r"\mathcal{L}(\theta, \phi) = \mathbb{E}_{q_\phi}[\log p_\theta(x|z)] \tag{1}"),
    ("issue-14", r"\begin{alignat}{2} \mathcal{L} &= a + b &\quad& \text{(ELBO)} \\ &= c &&"
                 r" \text{(KL)} \end{alignat}"),
    ("issue-14", r"p(x) = \pi(z) \left\vert \det \frac{\partial f^{-1}}{\partial x} \right\vert"),
    ("issue-14", r"t \in (0, 1]"),
    ("issue-14", r"\beta_t \in [0, 1)"),
    ("issue-14", r"\frac{\lvert f(x_1) - f(x_2) \rvert}{\lvert x_1 - x_2 \rvert} \le K"),
    ("issue-14", r"\mathbf{h} = \color{red}{\mathbf{W}} \mathbf{x}"),
    ("issue-14", r"a + {\color{blue} b} + \textcolor{green}{c}"),
    ("issue-14", r"\alpha_{t,i} \quad \scriptstyle{\text{; alignment score}}"),
    ("issue-14", r"f = \texttt{conv2d}(\mathbf{h}; \mathbf{W})"),
    ("issue-14", r"\begin{split} \log p(x) &\ge \mathbb{E}_q[\log p(x|z)] - D_{KL}(q \| p) \\"
                 r" &= \mathrm{ELBO} \end{split}"),
    ("issue-14", r"\begin{gather} z \sim \mathcal{N}(0, I) \\ x = g_\theta(z) \end{gather}"),
    ("issue-14", r"x_0 \xrightarrow{q(x_t|x_{t-1})} x_T"),
    ("issue-14", r"x_T \xleftarrow[\text{reverse}]{p_\theta} x_0"),
    ("issue-14", r"\boxed{\mathcal{L}_\text{simple} = \mathbb{E}\|\epsilon - \epsilon_\theta\|^2}"),
    ("issue-14", r"\check{x} = x + \delta"),
    ("issue-14", r"{n \choose k} p^k (1-p)^{n-k}"),
    ("issue-14", r"\mathrm{Attention}(Q, K, V) = \text{softmax}(QK^\top / \sqrt{d_k}) V"),
    ("issue-14", r"2\times"),
    ("issue-14", r"p(x|z) p(z)"),
    ("issue-14", r"f(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}"),
    ("katex-docs", r"\sum\nolimits_i x_i"),
    ("katex-docs", r"\begin{align*} a &= b \\ c &= d \end{align*}"),
    ("katex-docs", r"\begin{gathered} a = b \\ c = d \end{gathered}"),
    ("katex-docs", r"\begin{eqnarray} y &=& ax + b \end{eqnarray}"),
    ("katex-docs", r"\begin{smallmatrix} a & b \\ c & d \end{smallmatrix}"),
    ("katex-docs", r"\begin{array}{c|c} a & b \\ \hline c & d \end{array}"),
    ("katex-docs", r"A \xRightarrow{\text{def}} B \xleftrightarrow{f} C \xmapsto{g} D"),
    ("katex-docs", r"\mathring{A} \widecheck{x}"),
    ("katex-docs", r"\phantom{x} y \hphantom{z}"),
    ("katex-docs", r"\smash{\frac{a}{b}} \mathclap{x} \rlap{y}"),
    ("katex-docs", r"{a \over b} + {n \atop k}"),
    ("katex-docs", r"{\bf x} + {\it y} + {\rm d} + {\cal L}"),
    ("katex-docs", r"\textsf{sans} \textit{it} \emph{em} \textbf{bold}"),
    ("katex-docs", r"\left\langle x \middle\vert y \right\rangle"),
    ("katex-docs", r"\left. \frac{\partial f}{\partial x} \right\vert_{x=0}"),
    ("katex-docs", r"a \kern1em b \mkern3mu c \hspace*{1em} d \enspace e \thinspace f \ g"),
    ("katex-docs", r"x_1, \dotsc, x_n \quad x_1 + \dotsb + x_n"),
    ("katex-docs", r"\bcancel{x} + \xcancel{y} + \cancel{z}"),
    ("katex-docs", r"\Var[x] + \Cov(x, y) + \argmax_x f + \diag(\sigma) + \sgn(x) + \Tr(A)"),
    ("katex-docs", r"a \eqqcolon b \defeq c \vcentcolon= d"),
    ("katex-docs", r"\fbox{x} \boxed{y}"),
    ("katex-docs", r"\overset{\text{i.i.d.}}{\sim} \quad \stackrel{d}{=}"),
    ("katex-docs", r"\left\Vert x \right\Vert_2 + \lVert y \rVert"),
)

CORPUS: tuple[tuple[str, str], ...] = (*CHOSEN, *IDIOMS)
