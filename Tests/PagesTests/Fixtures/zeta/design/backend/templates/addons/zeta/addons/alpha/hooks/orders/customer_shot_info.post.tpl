<p class="hook">zeta for alpha</p>
