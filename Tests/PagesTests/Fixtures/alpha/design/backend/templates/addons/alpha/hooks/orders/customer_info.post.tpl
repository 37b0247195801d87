<p class="hook">alpha post</p>
