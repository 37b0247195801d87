<p class="hook">zeta pre</p>
